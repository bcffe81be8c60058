import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { isServiceError, ServiceError, validationError, zodIssuesToDetails } from './service-error.ts';

describe('ServiceError', () => {
  it('carries a code, a message and details, and is an Error', () => {
    const error = new ServiceError('not_found', 'Monitor not found', { id: 'm1' });
    expect(error).toBeInstanceOf(Error);
    expect([error.name, error.code, error.message, error.details]).toEqual([
      'ServiceError',
      'not_found',
      'Monitor not found',
      { id: 'm1' },
    ]);
    expect(isServiceError(error)).toBe(true);
    expect(isServiceError(new Error('x'))).toBe(false);
  });
});

describe('zodIssuesToDetails', () => {
  const schema = z.strictObject({
    name: z.string().min(1),
    regions: z.array(z.string().regex(/^[a-z]+$/)),
    nested: z.strictObject({ port: z.int() }).optional(),
  });

  it.each<[unknown, { path: string; message: string }[]]>([
    [
      { name: '', regions: [] },
      [{ path: 'name', message: 'Too small: expected string to have >=1 characters' }],
    ],
    [
      { name: 'a', regions: ['ok', 'B'] },
      [{ path: 'regions.1', message: 'Invalid string: must match pattern /^[a-z]+$/' }],
    ],
    [
      { name: 'a', regions: [], nested: { port: 1.5, x: 1 } },
      [
        { path: 'nested.port', message: 'Invalid input: expected int, received number' },
        { path: 'nested.x', message: 'Unknown field' },
      ],
    ],
    [
      { name: 'a', regions: [], a: 1, b: 2 },
      [
        { path: 'a', message: 'Unknown field' },
        { path: 'b', message: 'Unknown field' },
      ],
    ],
    ['text', [{ path: '', message: 'Invalid input: expected object, received string' }]],
  ])('reports %j as %j', (input, details) => {
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error && zodIssuesToDetails(result.error)).toEqual(details);
  });

  it('builds a validation ServiceError', () => {
    const error = validationError(schema.safeParse({}).error!);
    expect(error.code).toBe('validation');
    expect(error.details).toEqual([
      { path: 'name', message: 'Invalid input: expected string, received undefined' },
      { path: 'regions', message: 'Invalid input: expected array, received undefined' },
    ]);
  });
});
