import type * as z from 'zod';

/** What went wrong in a service, independent of transport; each transport maps codes to its statuses. */
export type ServiceErrorCode =
  | 'validation'
  | 'not_found'
  | 'forbidden'
  | 'unauthenticated'
  /** A password-protected status page was asked for without a valid access token. */
  | 'password_required'
  | 'conflict'
  | 'rate_limited'
  | 'limit_exceeded'
  | 'payment_required'
  | 'bad_request'
  | 'unavailable'
  /** A service we depend on (Stripe) failed or could not be reached. */
  | 'bad_gateway';

/** One invalid field: dotted path (`headers.X-Api`, `regions.1`; '' for the whole input) and a message. */
export type FieldIssue = { path: string; message: string };

/** Extra data for clients: field issues for `validation`, a small object otherwise. */
export type ServiceErrorDetails = readonly FieldIssue[] | Readonly<Record<string, unknown>>;

/** The typed error every service throws for an expected failure (bad input, missing row, plan limit…). */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  readonly code: ServiceErrorCode;
  readonly details: ServiceErrorDetails | undefined;

  constructor(
    code: ServiceErrorCode,
    message: string,
    details?: ServiceErrorDetails,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.code = code;
    this.details = details;
  }
}

/** Whether `error` is a ServiceError (also across duplicated module copies). */
export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof ServiceError || (error instanceof Error && error.name === 'ServiceError');
}

/** Turn zod issues into field issues; an unknown key becomes one issue at that key's path. */
export function zodIssuesToDetails(error: { issues: readonly z.core.$ZodIssue[] }): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key].join('.'), message: 'Unknown field' }));
    }
    return [{ path: path.join('.'), message: issue.message }];
  });
}

/** A `validation` ServiceError built from a zod error. */
export function validationError(
  error: { issues: readonly z.core.$ZodIssue[] },
  message = 'Invalid input',
): ServiceError {
  return new ServiceError('validation', message, zodIssuesToDetails(error));
}
