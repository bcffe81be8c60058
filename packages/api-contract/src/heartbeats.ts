import { z } from 'zod';
import { endpoint } from './endpoint.ts';

/** `{token}`: the secret of a heartbeat monitor's ping URL. */
export const heartbeatParams = z.strictObject({ token: z.string().min(1).max(200) });

/** What a ping answers: accepted, and whether the monitor is paused (a paused monitor records nothing). */
export const pingResponseSchema = z.object({ ok: z.literal(true), paused: z.boolean() });

// A job may post anything (its log output, a form); the body is ignored.
const anyBody = z.unknown();

/** A heartbeat ping by GET (`curl https://…/heartbeat/<token>`). */
export const pingGet = endpoint({
  id: 'heartbeats.pingGet',
  method: 'GET',
  path: '/heartbeat/{token}',
  summary: 'Records a heartbeat ping',
  tag: 'heartbeats',
  access: { kind: 'public' },
  params: heartbeatParams,
  query: z.object({}),
  response: pingResponseSchema,
});

/** A heartbeat ping by POST; the body is ignored. */
export const pingPost = endpoint({
  id: 'heartbeats.pingPost',
  method: 'POST',
  path: '/heartbeat/{token}',
  summary: 'Records a heartbeat ping (POST)',
  tag: 'heartbeats',
  access: { kind: 'public' },
  params: heartbeatParams,
  query: z.object({}),
  body: anyBody,
  response: pingResponseSchema,
  status: 200,
});
