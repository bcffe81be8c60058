import * as z from 'zod';
import { checkProbed, probedShape } from './fields.ts';
import { jsonPathOps, parseJsonPath } from './json-path.ts';

/** HTTP methods an http monitor may send. */
export const httpMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** Status classes usable in `expectedStatusCodes` next to exact codes. */
export const statusClasses = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

/** One accepted response status: an exact code (`204`) or a whole class (`'2xx'`). */
export type ExpectedStatus = number | (typeof statusClasses)[number];

/** Whether `statusCode` is one of the `expected` codes or classes. */
export function statusCodeMatches(expected: readonly ExpectedStatus[], statusCode: number): boolean {
  const statusClass = `${Math.floor(statusCode / 100)}xx`;
  return expected.some((item) => item === statusCode || item === statusClass);
}

// RFC 9110 token characters.
const headerNamePattern = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Visible characters, space, tab and obs-text: no CR, LF, NUL or other controls.
const headerValuePattern = /^[\t\x20-\x7e\x80-\uffff]*$/;
// Framing headers the HTTP client owns; letting a user set them breaks or smuggles requests.
const reservedHeaders = new Set([
  'connection',
  'content-length',
  'expect',
  'keep-alive',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

const headers = z
  .record(
    z.string().max(100).regex(headerNamePattern, 'Invalid header name'),
    z.string().max(8192).regex(headerValuePattern, 'Header values may not contain control characters'),
  )
  .superRefine((record, ctx) => {
    const names = Object.keys(record).map((name) => name.toLowerCase());
    if (names.length > 30) ctx.addIssue({ code: 'custom', message: 'At most 30 headers' });
    if (new Set(names).size !== names.length) {
      ctx.addIssue({ code: 'custom', message: 'Header names must not repeat (case-insensitive)' });
    }
    for (const name of Object.keys(record)) {
      if (reservedHeaders.has(name.toLowerCase())) {
        ctx.addIssue({ code: 'custom', path: [name], message: `Header ${name} is set by the client` });
      }
    }
  });

const url = z
  .string()
  .trim()
  .min(1)
  .max(2048)
  .superRefine((value, ctx) => {
    const parsed = URL.parse(value);
    if (parsed === null || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      ctx.addIssue({ code: 'custom', message: 'Must be an http:// or https:// URL' });
    } else if (parsed.username !== '' || parsed.password !== '') {
      ctx.addIssue({ code: 'custom', message: 'Credentials in the URL are not supported; use a header' });
    }
  });

const jsonScalar = z.union([z.string().max(1024), z.number(), z.boolean(), z.null()]);

const jsonPathAssertion = z
  .strictObject({
    path: z
      .string()
      .max(256)
      .refine((path) => parseJsonPath(path) !== null, 'Use a JSON path like $.data.items[0].status'),
    op: z.enum(jsonPathOps),
    value: jsonScalar.optional(),
  })
  .superRefine((assertion, ctx) => {
    const { op, value } = assertion;
    if (op === 'exists' && value !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: "'exists' takes no value" });
    } else if ((op === 'lt' || op === 'gt') && typeof value !== 'number') {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `'${op}' compares with a number` });
    } else if (op !== 'exists' && value === undefined) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `'${op}' needs a value` });
    }
  });

const maxBodyBytes = 64 * 1024;
const bodyText = z
  .string()
  .refine((body) => new TextEncoder().encode(body).length <= maxBodyBytes, 'Body is larger than 64 KiB');
const needle = z.string().min(1).max(1024).nullable().default(null);

/** An HTTP(S) check: request `url`, then assert status, body text, JSON values and response time. */
export const httpMonitorSchema = z
  .strictObject({
    type: z.literal('http'),
    ...probedShape,
    method: z.enum(httpMethods).default('GET'),
    url,
    headers: headers.default({}),
    body: bodyText.nullable().default(null),
    followRedirects: z.boolean().default(true),
    expectedStatusCodes: z
      .array(z.union([z.int().min(100).max(599), z.enum(statusClasses)]))
      .min(1)
      .max(50)
      .refine((codes) => new Set(codes).size === codes.length, 'Status codes must not repeat')
      .default(['2xx']),
    bodyContains: needle,
    bodyNotContains: needle,
    jsonPathAssertions: z.array(jsonPathAssertion).max(20).default([]),
    degradedAboveMs: z.int().min(1).max(60_000).nullable().default(null),
    verifyTls: z.boolean().default(true),
  })
  .superRefine((spec, ctx) => {
    checkProbed(spec, ctx);
    if (spec.body !== null && (spec.method === 'GET' || spec.method === 'HEAD')) {
      ctx.addIssue({
        code: 'custom',
        path: ['body'],
        message: `A ${spec.method} request cannot have a body`,
      });
    }
    if (spec.degradedAboveMs !== null && spec.degradedAboveMs >= spec.timeoutMs) {
      ctx.addIssue({
        code: 'custom',
        path: ['degradedAboveMs'],
        message: `Degraded threshold must be below the timeout (${spec.timeoutMs} ms)`,
      });
    }
  });

/** A validated http monitor spec. */
export type HttpMonitorSpec = z.output<typeof httpMonitorSchema>;
