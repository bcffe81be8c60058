import { sql } from 'slonik';
import { z } from 'zod';
import type { Queryable } from './queryable.ts';

/** Columns of a user row (shared with the session lookup). */
export const userRow = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  password_hash: z.string(),
  email_verified_at: z.number().nullable(),
  is_operator: z.boolean(),
  created_at: z.number(),
});

/** A user account as the control plane sees it. */
export interface UserRecord {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  emailVerifiedAt: Date | null;
  isOperator: boolean;
  createdAt: Date;
}

/** Row → record: the one converter for users. */
export function toUser(row: z.infer<typeof userRow>): UserRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    passwordHash: row.password_hash,
    emailVerifiedAt: row.email_verified_at === null ? null : new Date(row.email_verified_at),
    isOperator: row.is_operator,
    createdAt: new Date(row.created_at),
  };
}

const columns = sql.fragment`id, email, name, password_hash, email_verified_at, is_operator, created_at`;

/** Inserts a user; null when the email is taken. */
export async function insertUser(
  db: Queryable,
  input: { email: string; name: string; passwordHash: string; isOperator: boolean },
): Promise<UserRecord | null> {
  const row = await db.maybeOne(sql.type(userRow)`
    INSERT INTO users (email, name, password_hash, is_operator)
    VALUES (${input.email}, ${input.name}, ${input.passwordHash}, ${input.isOperator})
    ON CONFLICT (email) DO NOTHING
    RETURNING ${columns}`);
  return row ? toUser(row) : null;
}

/** Finds a user by email (case-insensitive). */
export async function findUserByEmail(db: Queryable, email: string): Promise<UserRecord | null> {
  const row = await db.maybeOne(sql.type(userRow)`SELECT ${columns} FROM users WHERE email = ${email}`);
  return row ? toUser(row) : null;
}

/** Finds a user by id. */
export async function findUserById(db: Queryable, id: string): Promise<UserRecord | null> {
  const row = await db.maybeOne(sql.type(userRow)`SELECT ${columns} FROM users WHERE id = ${id}`);
  return row ? toUser(row) : null;
}

/** Counts every user (the first one of a self-hosted install becomes an operator). */
export async function countUsers(db: Queryable): Promise<number> {
  return db.oneFirst(sql.type(z.object({ count: z.number() }))`SELECT count(*)::int AS count FROM users`);
}

/** Replaces a user's password hash. */
export async function setPasswordHash(db: Queryable, userId: string, passwordHash: string): Promise<void> {
  await db.query(
    sql.unsafe`UPDATE users SET password_hash = ${passwordHash}, updated_at = now() WHERE id = ${userId}`,
  );
}

/** Marks a user's email address as verified. */
export async function markEmailVerified(db: Queryable, userId: string): Promise<void> {
  await db.query(sql.unsafe`
    UPDATE users SET email_verified_at = coalesce(email_verified_at, now()), updated_at = now() WHERE id = ${userId}`);
}

/** Grants or removes the platform-operator flag; false when no user has that email. */
export async function setOperator(db: Queryable, email: string, isOperator: boolean): Promise<boolean> {
  const result = await db.query(
    sql.unsafe`UPDATE users SET is_operator = ${isOperator} WHERE email = ${email}`,
  );
  return result.rowCount > 0;
}
