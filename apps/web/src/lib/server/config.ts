import { z } from 'zod';

const configSchema = z.object({
  CONTROL_PLANE_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:4000'),
  /** The dashboard's own public origin: sent as Origin to the control plane, which allows it. */
  WEB_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3000'),
  VANTAGE_EDITION: z.enum(['self-hosted', 'hosted']).default('self-hosted'),
  /** How long a rendered public status page is served from the in-process cache before it is rendered again. */
  STATUS_PAGE_CACHE_SECONDS: z.coerce.number().int().min(0).max(10).default(10),
});

/** The web app's configuration, read once from the environment. */
export interface WebConfig {
  controlPlaneUrl: string;
  webOrigin: string;
  edition: 'self-hosted' | 'hosted';
  /** Session cookies are Secure unless the dashboard is served over plain http. */
  secureCookies: boolean;
  /** Freshness of a cached public status page render (issue 7: at most 10 s; 0 renders every request). */
  statusPageCacheSeconds: number;
}

/** Parses the environment; an invalid value stops start-up naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): WebConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid configuration: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const webOrigin = new URL(parsed.data.WEB_URL).origin;
  return {
    controlPlaneUrl: parsed.data.CONTROL_PLANE_URL.replace(/\/$/, ''),
    webOrigin,
    edition: parsed.data.VANTAGE_EDITION,
    secureCookies: webOrigin.startsWith('https:'),
    statusPageCacheSeconds: parsed.data.STATUS_PAGE_CACHE_SECONDS,
  };
}

/** The configuration of this process. */
export const config = loadConfig();
