import { statusCodeMatches } from '@vantage/domain';
import type { CheckContext, Checker } from './checker.ts';
import { failedBodyAssertion, hasBodyAssertions, readBodyLimited } from './http-body.ts';
import {
  type HopRequest,
  type HopResponse,
  type HttpProbeSpec,
  type HttpProgress,
  sendHop,
} from './http-hop.ts';
import {
  CheckFailure,
  failed,
  type Measurements,
  noMeasurements,
  outcomeOfError,
  passed,
} from './outcome.ts';

/** Most redirects followed in one check; the response after the last one is judged as it is. */
export const maxRedirects = 5;

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
// Credentials and the virtual host belong to the origin they were written for.
const originBoundHeaders = ['authorization', 'cookie', 'proxy-authorization', 'host'];

/** Headers of every request: the monitor's own, then the probe's identity (region header always ours). */
export function requestHeaders(spec: HttpProbeSpec, context: CheckContext): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': `Vantage/${context.probeVersion} (probe; region=${context.region})`,
  };
  for (const [name, value] of Object.entries(spec.headers)) headers[name.toLowerCase()] = value;
  headers['x-vantage-region'] = context.region;
  return headers;
}

// The request that follows `response` to `request`, or null when the response is final.
function nextHop(request: HopRequest, response: HopResponse): HopRequest | null {
  const location = response.headers.location;
  if (!redirectStatuses.has(response.statusCode) || typeof location !== 'string') return null;
  const url = URL.parse(location, request.url.href);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
  url.hash = '';
  const headers = { ...request.headers };
  if (url.origin !== request.url.origin) for (const name of originBoundHeaders) delete headers[name];
  // As browsers do: 303 always, and 301/302 after a POST, turn into a GET without a body.
  const toGet =
    (response.statusCode === 303 && request.method !== 'HEAD') ||
    ((response.statusCode === 301 || response.statusCode === 302) && request.method === 'POST');
  if (!toGet) return { ...request, url, headers };
  delete headers['content-type'];
  return { url, method: 'GET', headers, body: null };
}

async function fetchFinal(
  spec: HttpProbeSpec,
  signal: AbortSignal,
  context: CheckContext,
  measured: Measurements,
  progress: HttpProgress,
): Promise<HopResponse> {
  let request: HopRequest = {
    url: new URL(spec.url),
    method: spec.method,
    headers: requestHeaders(spec, context),
    body: spec.body,
  };
  for (let redirects = 0; ; redirects++) {
    const hopOptions = { verifyTls: spec.verifyTls, signal, context };
    const response = await sendHop(request, hopOptions, measured, progress).catch((error: unknown) => {
      if (redirects === 0 || !(error instanceof CheckFailure)) throw error;
      throw new CheckFailure(error.kind, `Redirected to ${request.url.href}: ${error.message}`);
    });
    const next = spec.followRedirects && redirects < maxRedirects ? nextHop(request, response) : null;
    if (next === null) return response;
    response.close();
    request = next;
  }
}

/** The http checker: request the URL (following redirects, each hop re-checked), then judge the response. */
export const checkHttp: Checker<HttpProbeSpec> = async (spec, signal, context) => {
  const startMs = performance.now();
  const measured = noMeasurements();
  const progress: HttpProgress = { phase: 'while starting' };
  let response: HopResponse | null = null;
  try {
    response = await fetchFinal(spec, signal, context, measured, progress);
    if (!statusCodeMatches(spec.expectedStatusCodes, response.statusCode)) {
      const expected = spec.expectedStatusCodes.join(', ');
      return failed(
        measured,
        startMs,
        'http_status',
        `Expected status ${expected}, got ${response.statusCode}`,
      );
    }
    progress.phase = 'while reading the body';
    // A HEAD response announces the length of a body it does not send.
    const contentLength = spec.method === 'HEAD' ? undefined : response.headers['content-length'];
    const body = await readBodyLimited(response.body, contentLength, context.bodyLimitBytes);
    const assertion = hasBodyAssertions(spec) ? failedBodyAssertion(spec, body) : null;
    return assertion === null ? passed(measured, startMs) : failed(measured, startMs, 'assertion', assertion);
  } catch (error) {
    const { phase } = progress;
    return outcomeOfError(error, { measured, startMs, signal, timeoutMs: spec.timeoutMs, phase });
  } finally {
    response?.close();
  }
};
