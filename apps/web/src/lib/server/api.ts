import type { Endpoint } from '@vantage/api-contract';
import type { z } from 'zod';
import { config } from './config.ts';

/** A field the API rejected: dotted path and message. */
export interface FieldError {
  path: string;
  message: string;
}

/** The control plane answered with an error (4xx/5xx): status, code, message and field errors. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Field errors of a validation failure, keyed by dotted path ('' for the whole form). */
  get fieldErrors(): Record<string, string> {
    if (!Array.isArray(this.details)) return {};
    const fields: Record<string, string> = {};
    for (const issue of this.details as FieldError[]) {
      // The API names the part of the request (`body.email`); forms know only the field.
      const path = issue.path.replace(/^(body|query|params)\.?/, '');
      fields[path] ??= issue.message;
    }
    return fields;
  }
}

/** The control plane could not be reached at all. */
export class ControlPlaneUnreachable extends Error {
  override readonly name = 'ControlPlaneUnreachable';
}

type Input<E extends Endpoint> = {
  params?: z.input<E['params']>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: z.input<E['body']>;
};

type Output<E extends Endpoint> = E['response'] extends z.ZodType ? z.output<E['response']> : undefined;

/** Calls the control plane as the signed-in user (their session token), through the shared contract. */
export interface ControlPlane {
  call<E extends Endpoint>(endpoint: E, input?: Input<E>): Promise<Output<E>>;
  /** The session token a successful login or register set (read from Set-Cookie). */
  readonly issuedSession: { token: string; expires: Date } | null;
}

const sessionCookie = 'vantage_session';
const timeoutMs = 10_000;

/**
 * A control-plane client for one request, carrying the caller's session token if any and the visitor's
 * address (X-Forwarded-For, trusted by the control plane from its TRUSTED_PROXIES) for rate limits.
 */
export function controlPlane(
  fetchImpl: typeof fetch,
  sessionToken: string | undefined,
  clientAddress?: string,
): ControlPlane {
  const client: ControlPlane & { issuedSession: ControlPlane['issuedSession'] } = {
    issuedSession: null,
    async call(endpoint, input = {}) {
      const url = new URL(`${config.controlPlaneUrl}/api/v1${fillPath(endpoint.path, input.params)}`);
      for (const [key, value] of Object.entries(input.query ?? {})) {
        if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
      }
      const headers: Record<string, string> = { accept: 'application/json', origin: config.webOrigin };
      if (sessionToken) headers.cookie = `${sessionCookie}=${sessionToken}`;
      if (clientAddress) headers['x-forwarded-for'] = clientAddress;
      const hasBody = endpoint.method !== 'GET' && endpoint.method !== 'DELETE';
      if (hasBody) headers['content-type'] = 'application/json';
      let response: Response;
      try {
        response = await fetchImpl(url, {
          method: endpoint.method,
          headers,
          body: hasBody ? JSON.stringify(input.body ?? {}) : undefined,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (cause) {
        throw new ControlPlaneUnreachable('The Vantage API cannot be reached right now', { cause });
      }
      client.issuedSession = readSession(response) ?? client.issuedSession;
      if (!response.ok) throw await toApiError(response);
      if (response.status === 204 || endpoint.response === null) return undefined as never;
      return (await response.json()) as never;
    },
  };
  return client;
}

function fillPath(path: string, params: unknown): string {
  const values = (params ?? {}) as Record<string, string>;
  return path.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
}

async function toApiError(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as {
    error?: { code?: string; message?: string; details?: unknown };
  } | null;
  const error = body?.error;
  if (response.status >= 500 && !error) {
    return new ApiError(response.status, 'unavailable', 'The Vantage API is having trouble right now');
  }
  return new ApiError(
    response.status,
    error?.code ?? 'error',
    error?.message ?? `The API answered ${response.status}`,
    error?.details,
  );
}

function readSession(response: Response): { token: string; expires: Date } | null {
  for (const header of response.headers.getSetCookie()) {
    const [pair, ...attributes] = header.split(';');
    const [name, value] = (pair ?? '').split('=');
    if (name?.trim() !== sessionCookie || !value) continue;
    const expires = attributes.map((a) => a.trim()).find((a) => a.toLowerCase().startsWith('expires='));
    return {
      token: value,
      expires: expires ? new Date(expires.slice(8)) : new Date(Date.now() + 30 * 86_400_000),
    };
  }
  return null;
}
