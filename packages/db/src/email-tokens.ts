import { sql } from 'slonik';
import { z } from 'zod';
import type { Queryable } from './queryable.ts';

/** What an emailed single-use token is for. */
export type EmailTokenKind = 'verify_email' | 'reset_password';

/** Stores a token by its hash; older unused tokens of the same kind for the user stop working. */
export async function insertEmailToken(
  db: Queryable,
  input: { userId: string; kind: EmailTokenKind; tokenHash: Buffer; expiresAt: Date },
): Promise<void> {
  await db.query(sql.unsafe`
    UPDATE email_tokens SET used_at = now()
    WHERE user_id = ${input.userId} AND kind = ${input.kind} AND used_at IS NULL`);
  await db.query(sql.unsafe`
    INSERT INTO email_tokens (user_id, kind, token_hash, expires_at)
    VALUES (${input.userId}, ${input.kind}, ${sql.binary(input.tokenHash)}, ${sql.timestamp(input.expiresAt)})`);
}

/** Uses a live token once: returns its user's id, or null when unknown, used or expired. */
export async function consumeEmailToken(
  db: Queryable,
  kind: EmailTokenKind,
  tokenHash: Buffer,
): Promise<string | null> {
  return db.maybeOneFirst(sql.type(z.object({ user_id: z.string() }))`
    UPDATE email_tokens SET used_at = now()
    WHERE token_hash = ${sql.binary(tokenHash)} AND kind = ${kind} AND used_at IS NULL AND expires_at > now()
    RETURNING user_id`);
}
