import { normalizeHost, parseHostLiteral, regionIdPattern } from '@vantage/domain';
import { z } from 'zod';
import { timestamp } from './common.ts';
import { incidentImpacts, incidentStatuses } from './incidents.ts';

/** Slugs that would collide with public routes (`/public/status-pages/by-domain/{host}`). */
export const reservedStatusPageSlugs = ['by-domain'] as const;

/** A status page slug: its public address `/s/{slug}`, unique across all organizations. */
export const statusPageSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{1,48}[a-z0-9]$/, 'Use 3–50 lower-case letters, digits and dashes')
  .refine((slug) => !(reservedStatusPageSlugs as readonly string[]).includes(slug), 'This slug is reserved');

/**
 * A custom domain: a DNS hostname (not an IP address) with at least two labels, returned in its lower-case
 * ASCII (punycode) form.
 */
export const customDomainSchema = z
  .string()
  .trim()
  .max(253)
  .transform((value, ctx) => {
    const host = parseHostLiteral(value) === null ? normalizeHost(value) : null;
    if (host === null || !host.includes('.') || /^[0-9.]+$/.test(host)) {
      ctx.addIssue({ code: 'custom', message: 'Enter a hostname such as status.example.com' });
      return z.NEVER;
    }
    return host;
  });

const httpUrl = z.url({ protocol: /^https?$/, error: 'Must be an http(s) URL' }).max(2000);
const hexColor = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'Use a #rrggbb color')
  .transform((value) => value.toLowerCase());

/** Colors and images of a page (a plan feature: custom_branding). */
export const brandingSchema = z.object({
  logoUrl: z.string().nullable(),
  faviconUrl: z.string().nullable(),
  brandColor: z.string().nullable(),
  accentColor: z.string().nullable(),
});

/** Branding as written: each field optional (kept when left out), null clears it. */
export const brandingInput = z.strictObject({
  logoUrl: httpUrl.nullable().optional(),
  faviconUrl: httpUrl.nullable().optional(),
  brandColor: hexColor.nullable().optional(),
  accentColor: hexColor.nullable().optional(),
});

/** A footer link. */
export const footerLinkSchema = z.object({ label: z.string(), url: z.string() });

/** Footer links as written (http(s) or mailto only: never a script URL). */
export const footerLinksInput = z
  .array(
    z.strictObject({
      label: z.string().trim().min(1).max(100),
      url: z.url({ protocol: /^(https?|mailto)$/, error: 'Must be an http(s) or mailto URL' }).max(2000),
    }),
  )
  .max(20);

/** Region ids, each once. */
export const regionIdsInput = z
  .array(z.string().regex(regionIdPattern, 'Invalid region id'))
  .max(50)
  .refine((ids) => new Set(ids).size === ids.length, 'Regions must not repeat');

/** What to put in DNS so a custom domain reaches the page. */
export const dnsInstructionsSchema = z.object({
  recordType: z.literal('CNAME'),
  /** The record's name: the custom domain. */
  name: z.string(),
  /** Where it points: the host of the Vantage web app. */
  target: z.string(),
});

/** A status page as its organization sees it. */
export const statusPageSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  title: z.string(),
  description: z.string(),
  /** Where the page is served by slug. */
  publicUrl: z.string(),
  customDomain: z.string().nullable(),
  /** DNS record to create for the custom domain; null without one. */
  dnsInstructions: dnsInstructionsSchema.nullable(),
  branding: brandingSchema,
  footerLinks: z.array(footerLinkSchema),
  passwordProtected: z.boolean(),
  /** Regions the page shows; empty = every region of its monitors. */
  shownRegions: z.array(z.string()),
  createdAt: timestamp,
  updatedAt: timestamp,
});

/** States a component can be set to by hand (components without a monitor). */
export const manualComponentStates = ['up', 'degraded', 'down', 'maintenance'] as const;

/** A group of components. */
export const statusPageGroupSchema = z.object({ id: z.uuid(), name: z.string() });

/** A component of a page: a monitor's state, or (monitorId null) a state set by hand. */
export const statusPageComponentSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  groupId: z.uuid().nullable(),
  monitorId: z.uuid().nullable(),
  /** Regions shown for this component; empty = every shown region of its monitor. */
  regions: z.array(z.string()),
  manualState: z.enum(manualComponentStates),
});

/** One place in a page's top-level order: a group with its components, or (groupId null) ungrouped ones. */
export const layoutEntrySchema = z.object({ groupId: z.uuid().nullable(), componentIds: z.array(z.uuid()) });

/** A page with its groups, components (in page order) and layout. */
export const statusPageDetailSchema = statusPageSchema.extend({
  groups: z.array(statusPageGroupSchema),
  components: z.array(statusPageComponentSchema),
  layout: z.array(layoutEntrySchema),
});

/** What a page shows overall. */
export const overallStates = [
  'operational',
  'degraded',
  'partial_outage',
  'major_outage',
  'maintenance',
] as const;

/** What a component shows (`unknown`: no fresh result, or its monitor is paused). */
export const componentStates = ['up', 'degraded', 'down', 'maintenance', 'unknown'] as const;

const percent = z.number().nullable();
const dayState = z.enum(['up', 'degraded', 'down', 'maintenance', 'unknown']);

/** Time-weighted uptime over the last 24 h, 7, 30 and 90 days; null without known time. */
export const uptimeWindowsSchema = z.object({ h24: percent, d7: percent, d30: percent, d90: percent });

/** One UTC day of a component's history, overall and per shown region (never averaged over regions). */
export const publicDayBarSchema = z.object({
  date: z.iso.date(),
  worstState: dayState,
  uptimePercent: percent,
  downtimeMinutes: z.number(),
  /** Incidents of this component open at some time that day. */
  incidents: z.int(),
  regions: z.array(
    z.object({
      region: z.string(),
      worstState: dayState,
      uptimePercent: percent,
      downtimeMinutes: z.number(),
    }),
  ),
});

/** A component as visitors see it. */
export const publicComponentSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  state: z.enum(componentStates),
  regions: z.array(
    z.object({ region: z.string(), state: z.enum(componentStates), uptime: uptimeWindowsSchema }),
  ),
  /** Null for a component without a monitor. */
  uptime: uptimeWindowsSchema.nullable(),
  /** 90 days, oldest first. */
  dailyBars: z.array(publicDayBarSchema),
});

/** An incident as visitors see it, with its updates oldest first. */
export const publicIncidentSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  status: z.enum(incidentStatuses),
  impact: z.enum(incidentImpacts),
  startedAt: timestamp,
  resolvedAt: timestamp.nullable(),
  affectedRegions: z.array(z.string()),
  componentIds: z.array(z.uuid()),
  updates: z.array(
    z.object({ id: z.uuid(), status: z.enum(incidentStatuses), message: z.string(), createdAt: timestamp }),
  ),
});

/** A maintenance occurrence touching the page's components. */
export const publicMaintenanceSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  startsAt: timestamp,
  endsAt: timestamp,
  componentIds: z.array(z.uuid()),
});

/** Everything a public status page renders from, in one answer. */
export const publicStatusPageSchema = z.object({
  page: z.object({
    slug: z.string(),
    title: z.string(),
    description: z.string(),
    branding: brandingSchema,
    footerLinks: z.array(footerLinkSchema),
    /** "Powered by Vantage" is shown on the free plan. */
    showPoweredBy: z.boolean(),
    passwordProtected: z.boolean(),
  }),
  overall: z.enum(overallStates),
  /** The regions shown, in order. */
  regions: z.array(z.object({ id: z.string(), name: z.string(), location: z.string() })),
  /** Groups in page order; a group with a null id and name holds ungrouped components. */
  groups: z.array(
    z.object({
      id: z.uuid().nullable(),
      name: z.string().nullable(),
      components: z.array(publicComponentSchema),
    }),
  ),
  activeIncidents: z.array(publicIncidentSchema),
  maintenance: z.object({
    ongoing: z.array(publicMaintenanceSchema),
    upcoming: z.array(publicMaintenanceSchema),
  }),
  /** Incidents open, or started or resolved in the last 90 days, newest first. */
  recentIncidents: z.array(publicIncidentSchema),
  generatedAt: timestamp,
});
