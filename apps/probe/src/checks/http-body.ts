import type { Readable } from 'node:stream';
import { evaluateJsonPathAssertion } from '@vantage/domain';
import type { HttpProbeSpec } from './http-hop.ts';
import { CheckFailure } from './outcome.ts';

/**
 * Read `body` up to `limitBytes`; a longer body (announced or streamed) fails with `body_too_large` as
 * soon as the limit is crossed, so an endless body ends the check at once.
 */
export async function readBodyLimited(
  body: Readable,
  contentLength: string | undefined,
  limitBytes: number,
): Promise<Buffer> {
  const tooLarge = () =>
    new CheckFailure('body_too_large', `Response body is larger than ${limitBytes} bytes`);
  if (contentLength !== undefined && Number(contentLength) > limitBytes) {
    body.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let sizeBytes = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    sizeBytes += chunk.length;
    if (sizeBytes > limitBytes) {
      body.destroy();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, sizeBytes);
}

/** Whether `spec` asserts anything about the body (so the body must be decoded). */
export function hasBodyAssertions(spec: HttpProbeSpec): boolean {
  return spec.bodyContains !== null || spec.bodyNotContains !== null || spec.jsonPathAssertions.length > 0;
}

/** The first failed body assertion of `spec` on `body`, as a message; null when all hold. */
export function failedBodyAssertion(spec: HttpProbeSpec, body: Buffer): string | null {
  const text = body.toString('utf8');
  if (spec.bodyContains !== null && !text.includes(spec.bodyContains)) {
    return `Body does not contain ${JSON.stringify(spec.bodyContains)}`;
  }
  if (spec.bodyNotContains !== null && text.includes(spec.bodyNotContains)) {
    return `Body contains ${JSON.stringify(spec.bodyNotContains)}`;
  }
  if (spec.jsonPathAssertions.length === 0) return null;
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return 'Body is not valid JSON';
  }
  for (const assertion of spec.jsonPathAssertions) {
    const outcome = evaluateJsonPathAssertion(document, assertion);
    if (!outcome.ok) return outcome.message;
  }
  return null;
}
