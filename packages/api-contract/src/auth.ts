import { roles } from '@vantage/domain';
import { z } from 'zod';
import { emailSchema, timestamp } from './common.ts';
import { endpoint } from './endpoint.ts';

const password = z.string().min(10, 'Use at least 10 characters').max(200);

/** A user as the API shows it. */
export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  emailVerified: z.boolean(),
  isOperator: z.boolean(),
  createdAt: timestamp,
});

/** An organization as the API shows it. */
export const organizationSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  plan: z.string(),
  createdAt: timestamp,
});

/** One of the signed-in user's memberships. */
export const membershipSchema = z.object({
  organization: organizationSchema,
  role: z.enum(roles),
});

const accountSchema = z.object({ user: userSchema, organization: organizationSchema });

/** `POST /auth/register`. */
export const register = endpoint({
  id: 'auth.register',
  method: 'POST',
  path: '/auth/register',
  summary: 'Create an account with its first organization and sign in',
  tag: 'auth',
  access: { kind: 'public' },
  rateLimit: 'register',
  body: z.strictObject({
    email: emailSchema,
    password,
    name: z.string().trim().max(100).optional(),
    organizationName: z.string().trim().min(1).max(100),
  }),
  response: accountSchema,
});

/** `POST /auth/login`. */
export const login = endpoint({
  id: 'auth.login',
  method: 'POST',
  path: '/auth/login',
  summary: 'Sign in with email and password (sets the session cookie)',
  tag: 'auth',
  access: { kind: 'public' },
  rateLimit: 'login',
  body: z.strictObject({ email: emailSchema, password: z.string().min(1).max(200) }),
  response: z.object({ user: userSchema }),
  status: 200,
});

/** `POST /auth/logout`. */
export const logout = endpoint({
  id: 'auth.logout',
  method: 'POST',
  path: '/auth/logout',
  summary: 'Sign out: revoke this session',
  tag: 'auth',
  access: { kind: 'user' },
  response: null,
  status: 204,
});

/** `GET /me`. */
export const me = endpoint({
  id: 'auth.me',
  method: 'GET',
  path: '/me',
  summary: 'The signed-in user and their memberships',
  tag: 'auth',
  access: { kind: 'user' },
  response: z.object({ user: userSchema, memberships: z.array(membershipSchema) }),
});

/** `POST /auth/change-password`. */
export const changePassword = endpoint({
  id: 'auth.changePassword',
  method: 'POST',
  path: '/auth/change-password',
  summary: 'Change the password; every other session is signed out',
  tag: 'auth',
  access: { kind: 'user' },
  body: z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: password }),
  response: null,
  status: 204,
});

/** `POST /auth/password-reset`. */
export const requestPasswordReset = endpoint({
  id: 'auth.requestPasswordReset',
  method: 'POST',
  path: '/auth/password-reset',
  summary: 'Email a password-reset link (answers 202 whether or not the address has an account)',
  tag: 'auth',
  access: { kind: 'public' },
  rateLimit: 'passwordReset',
  body: z.strictObject({ email: emailSchema }),
  response: null,
  status: 202,
});

/** `POST /auth/password-reset/confirm`. */
export const confirmPasswordReset = endpoint({
  id: 'auth.confirmPasswordReset',
  method: 'POST',
  path: '/auth/password-reset/confirm',
  summary: 'Set a new password with the emailed token; every session is signed out',
  tag: 'auth',
  access: { kind: 'public' },
  rateLimit: 'passwordReset',
  body: z.strictObject({ token: z.string().min(10).max(200), newPassword: password }),
  response: null,
  status: 204,
});

/** `POST /auth/verify-email/send`. */
export const sendEmailVerification = endpoint({
  id: 'auth.sendEmailVerification',
  method: 'POST',
  path: '/auth/verify-email/send',
  summary: 'Email a new verification link to the signed-in user',
  tag: 'auth',
  access: { kind: 'user' },
  response: null,
  status: 202,
});

/** `POST /auth/verify-email`. */
export const verifyEmail = endpoint({
  id: 'auth.verifyEmail',
  method: 'POST',
  path: '/auth/verify-email',
  summary: 'Confirm an email address with the emailed token',
  tag: 'auth',
  access: { kind: 'public' },
  body: z.strictObject({ token: z.string().min(10).max(200) }),
  response: null,
  status: 204,
});
