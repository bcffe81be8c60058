import { describe, expect, it } from 'vitest';
import { zodIssuesToDetails } from '../service-error.ts';
import type { ExpectedStatus } from './http.ts';
import { httpMonitorSchema, statusCodeMatches } from './http.ts';

const base = { type: 'http', name: 'API', url: 'https://api.example.com/health', regions: ['eu-west'] };

function pathsOf(fields: Record<string, unknown>): string[] {
  const result = httpMonitorSchema.safeParse({ ...base, ...fields });
  return result.success ? [] : zodIssuesToDetails(result.error).map((issue) => issue.path);
}

describe('http monitor validation', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['a plain https URL', {}, []],
    ['an http URL with port and query', { url: 'http://example.com:8080/a?b=c' }, []],
    ['an IDN URL', { url: 'https://bücher.example/' }, []],
    ['an ftp URL', { url: 'ftp://example.com/' }, ['url']],
    ['a relative URL', { url: '/health' }, ['url']],
    ['a URL with credentials', { url: 'https://user:pw@example.com/' }, ['url']],
    ['a URL longer than 2048', { url: `https://example.com/${'a'.repeat(2048)}` }, ['url']],
    ['custom headers', { headers: { Authorization: 'Bearer x', 'X-Trace': '1', Host: 'internal' } }, []],
    ['a header name with a space', { headers: { 'X Bad': '1' } }, ['headers.X Bad']],
    ['a header value with CRLF', { headers: { 'X-A': 'a\r\nInjected: 1' } }, ['headers.X-A']],
    ['a framing header', { headers: { 'Content-Length': '5' } }, ['headers.Content-Length']],
    ['headers repeated by case', { headers: { 'x-a': '1', 'X-A': '2' } }, ['headers']],
    [
      '31 headers',
      { headers: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`x-${i}`, 'v'])) },
      ['headers'],
    ],
    ['a POST body', { method: 'POST', body: '{"ping":true}' }, []],
    ['a GET body', { body: 'x' }, ['body']],
    ['a HEAD body', { method: 'HEAD', body: 'x' }, ['body']],
    ['a 64 KiB body', { method: 'PUT', body: 'x'.repeat(65_536) }, []],
    ['a body over 64 KiB in UTF-8', { method: 'PUT', body: 'é'.repeat(32_769) }, ['body']],
    ['an unknown method', { method: 'TRACE' }, ['method']],
    ['status 600', { expectedStatusCodes: [600] }, ['expectedStatusCodes.0']],
    ['status class 6xx', { expectedStatusCodes: ['6xx'] }, ['expectedStatusCodes.0']],
    ['status code as text', { expectedStatusCodes: ['200'] }, ['expectedStatusCodes.0']],
    ['no status codes', { expectedStatusCodes: [] }, ['expectedStatusCodes']],
    ['repeated status codes', { expectedStatusCodes: [200, 200] }, ['expectedStatusCodes']],
    ['an empty bodyContains', { bodyContains: '' }, ['bodyContains']],
    ['a degraded threshold', { degradedAboveMs: 2000 }, []],
    ['a degraded threshold at the timeout', { timeoutMs: 2000, degradedAboveMs: 2000 }, ['degradedAboveMs']],
    ['valid JSON assertions', { jsonPathAssertions: [{ path: '$.status', op: 'eq', value: 'ok' }] }, []],
    [
      'a bad JSON path',
      { jsonPathAssertions: [{ path: 'status', op: 'exists' }] },
      ['jsonPathAssertions.0.path'],
    ],
    [
      'exists with a value',
      { jsonPathAssertions: [{ path: '$.a', op: 'exists', value: 1 }] },
      ['jsonPathAssertions.0.value'],
    ],
    [
      'lt with text',
      { jsonPathAssertions: [{ path: '$.a', op: 'lt', value: '5' }] },
      ['jsonPathAssertions.0.value'],
    ],
    ['eq without value', { jsonPathAssertions: [{ path: '$.a', op: 'eq' }] }, ['jsonPathAssertions.0.value']],
    ['eq null', { jsonPathAssertions: [{ path: '$.error', op: 'eq', value: null }] }, []],
    [
      '21 assertions',
      { jsonPathAssertions: Array(21).fill({ path: '$.a', op: 'exists' }) },
      ['jsonPathAssertions'],
    ],
  ])('%s', (_, fields, paths) => {
    expect(pathsOf(fields)).toEqual(paths);
  });
});

describe('statusCodeMatches', () => {
  it.each<[ExpectedStatus[], number, boolean]>([
    [['2xx'], 200, true],
    [['2xx'], 299, true],
    [['2xx'], 301, false],
    [[200, '3xx'], 302, true],
    [[200, '3xx'], 204, false],
    [[404], 404, true],
    [['5xx'], 503, true],
  ])('%j accepts %i: %s', (expected, code, matches) => {
    expect(statusCodeMatches(expected, code)).toBe(matches);
  });
});
