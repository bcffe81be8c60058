import { z } from 'zod';

/** `{ error: { code, message, details? } }`: the body of every failed request. */
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

/** Body of a failed request. */
export type ApiError = z.infer<typeof apiErrorSchema>;

/** An organization slug in a path. */
export const orgSlugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,48}[a-z0-9]$/, 'Not an organization slug');

/** `{org}` path parameters. */
export const orgParams = z.strictObject({ org: orgSlugSchema });

/** `{org}/…/{id}` path parameters with a uuid id. */
export const orgIdParams = z.strictObject({ org: orgSlugSchema, id: z.uuid() });

/** Paging query of list endpoints: an opaque cursor and a page size. */
export const pageQuery = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** A page of a list: `{ items, nextCursor }` (nextCursor null on the last page). */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** ISO 8601 timestamp in responses. */
export const timestamp = z.iso.datetime({ offset: true });

/** Email address input, trimmed and lower-cased. */
export const emailSchema = z.string().trim().toLowerCase().pipe(z.email().max(254));
