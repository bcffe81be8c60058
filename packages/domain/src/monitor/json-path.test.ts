import { describe, expect, it } from 'vitest';
import type { JsonPathAssertion } from './json-path.ts';
import { evaluateJsonPathAssertion, parseJsonPath } from './json-path.ts';

describe('parseJsonPath', () => {
  it.each([
    ['$', []],
    ['$.status', ['status']],
    ['$.data.items[0].id', ['data', 'items', 0, 'id']],
    ["$['with space']", ['with space']],
    ['$["x.y"][2]', ['x.y', 2]],
    ['$.$ref-id', ['$ref-id']],
  ])('reads %s', (path, segments) => {
    expect(parseJsonPath(path)).toEqual(segments);
  });

  it.each(['status', '$.', '$..a', '$[a]', '$[-1]', '$.a[', '$.*', '$.a b'])('rejects %s', (path) => {
    expect(parseJsonPath(path)).toBeNull();
  });
});

describe('evaluateJsonPathAssertion', () => {
  const body = {
    status: 'ok',
    count: 3,
    live: true,
    error: null,
    tags: ['a', 'b'],
    data: { items: [{ id: 7 }] },
  };

  it.each<[JsonPathAssertion, boolean]>([
    [{ path: '$.status', op: 'eq', value: 'ok' }, true],
    [{ path: '$.status', op: 'eq', value: 'down' }, false],
    [{ path: '$.count', op: 'eq', value: '3' }, false],
    [{ path: '$.status', op: 'neq', value: 'down' }, true],
    [{ path: '$.missing', op: 'neq', value: 'down' }, false],
    [{ path: '$.error', op: 'eq', value: null }, true],
    [{ path: '$.live', op: 'eq', value: true }, true],
    [{ path: '$.status', op: 'contains', value: 'o' }, true],
    [{ path: '$.tags', op: 'contains', value: 'b' }, true],
    [{ path: '$.tags', op: 'contains', value: 'c' }, false],
    [{ path: '$.count', op: 'lt', value: 5 }, true],
    [{ path: '$.count', op: 'gt', value: 5 }, false],
    [{ path: '$.status', op: 'gt', value: 5 }, false],
    [{ path: '$.data.items[0].id', op: 'eq', value: 7 }, true],
    [{ path: '$.data.items[1].id', op: 'exists' }, false],
    [{ path: '$.error', op: 'exists' }, true],
    [{ path: '$.tags.length', op: 'exists' }, false],
    [{ path: '$.constructor', op: 'exists' }, false],
  ])('%j is %s', (assertion, ok) => {
    expect(evaluateJsonPathAssertion(body, assertion).ok).toBe(ok);
  });

  it('says what it found', () => {
    expect(evaluateJsonPathAssertion(body, { path: '$.status', op: 'eq', value: 'up' })).toEqual({
      ok: false,
      message: '$.status: expected eq "up", found "ok"',
    });
  });
});
