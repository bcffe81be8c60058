import type { PlanId } from '@vantage/domain';
import { planIds } from '@vantage/domain';
import { sql, UniqueIntegrityConstraintViolationError } from 'slonik';
import { z } from 'zod';
import type { Queryable } from './queryable.ts';

/** A link in a status page's footer. */
export interface FooterLink {
  label: string;
  url: string;
}

/** A public status page of an organization. */
export interface StatusPageRecord {
  id: string;
  orgId: string;
  slug: string;
  title: string;
  description: string;
  /** Lower-case ASCII hostname the page is also served on; null when none. */
  customDomain: string | null;
  logoUrl: string | null;
  faviconUrl: string | null;
  brandColor: string | null;
  accentColor: string | null;
  footerLinks: FooterLink[];
  /** scrypt hash of the page password; null for a public page. */
  passwordHash: string | null;
  /** Regions the page shows; empty = all of its monitors' regions. */
  shownRegions: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** A page with the plan of the organization that owns it (what the public read needs). */
export interface PublicStatusPageRecord extends StatusPageRecord {
  plan: PlanId;
}

/** The fields a page is created with or changed to (custom domain and password have their own writes). */
export interface StatusPageFields {
  slug: string;
  title: string;
  description: string;
  logoUrl: string | null;
  faviconUrl: string | null;
  brandColor: string | null;
  accentColor: string | null;
  footerLinks: readonly FooterLink[];
  shownRegions: readonly string[];
}

/** A write that hit a unique address: the slug or the custom domain another page already uses. */
export type StatusPageConflict = { taken: 'slug' | 'customDomain' };

const pageRow = z.object({
  id: z.string(),
  org_id: z.string(),
  slug: z.string(),
  title: z.string(),
  description: z.string(),
  custom_domain: z.string().nullable(),
  logo_url: z.string().nullable(),
  favicon_url: z.string().nullable(),
  brand_color: z.string().nullable(),
  accent_color: z.string().nullable(),
  footer_links: z.array(z.object({ label: z.string(), url: z.string() })),
  password_hash: z.string().nullable(),
  shown_regions: z.array(z.string()),
  created_at: z.number(),
  updated_at: z.number(),
});

const publicRow = pageRow.extend({ plan: z.enum(planIds) });

const columns = sql.fragment`p.id, p.org_id, p.slug, p.title, p.description, p.custom_domain, p.logo_url,
  p.favicon_url, p.brand_color, p.accent_color, p.footer_links, p.password_hash, p.shown_regions, p.created_at,
  p.updated_at`;

/** Row → record: the one converter for status pages. */
function toStatusPage(row: z.infer<typeof pageRow>): StatusPageRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    slug: row.slug,
    title: row.title,
    description: row.description,
    customDomain: row.custom_domain,
    logoUrl: row.logo_url,
    faviconUrl: row.favicon_url,
    brandColor: row.brand_color,
    accentColor: row.accent_color,
    footerLinks: row.footer_links,
    passwordHash: row.password_hash,
    shownRegions: row.shown_regions,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** Runs a write that may hit the unique slug or custom domain; a hit is returned, not thrown. */
async function unlessTaken<T>(write: () => Promise<T>): Promise<T | StatusPageConflict> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof UniqueIntegrityConstraintViolationError)) throw error;
    return { taken: error.constraint?.includes('custom_domain') ? 'customDomain' : 'slug' };
  }
}

/** Whether a write's answer is a conflict. */
export function isStatusPageConflict(value: unknown): value is StatusPageConflict {
  return typeof value === 'object' && value !== null && 'taken' in value;
}

/** Stores a new page; a conflict when the slug is taken. */
export async function insertStatusPage(
  db: Queryable,
  input: StatusPageFields & { orgId: string },
): Promise<StatusPageRecord | StatusPageConflict> {
  return unlessTaken(async () => {
    const row = await db.one(sql.type(pageRow)`
      INSERT INTO status_pages AS p (org_id, slug, title, description, logo_url, favicon_url, brand_color,
        accent_color, footer_links, shown_regions)
      VALUES (${input.orgId}, ${input.slug}, ${input.title}, ${input.description}, ${input.logoUrl},
        ${input.faviconUrl}, ${input.brandColor}, ${input.accentColor}, ${sql.jsonb([...input.footerLinks])},
        ${sql.array([...input.shownRegions], 'text')})
      RETURNING ${columns}`);
    return toStatusPage(row);
  });
}

/** A page of this organization; `forUpdate` locks it for the transaction. */
export async function findStatusPage(
  db: Queryable,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<StatusPageRecord | null> {
  const lock = options.forUpdate ? sql.fragment`FOR UPDATE` : sql.fragment``;
  const row = await db.maybeOne(sql.type(pageRow)`
    SELECT ${columns} FROM status_pages p WHERE p.org_id = ${orgId} AND p.id = ${id} ${lock}`);
  return row ? toStatusPage(row) : null;
}

/** Every page of an organization, oldest first (an organization has few). */
export async function listStatusPages(db: Queryable, orgId: string): Promise<StatusPageRecord[]> {
  const rows = await db.any(sql.type(pageRow)`
    SELECT ${columns} FROM status_pages p WHERE p.org_id = ${orgId} ORDER BY p.created_at, p.id`);
  return rows.map(toStatusPage);
}

/** How many pages an organization has (for the plan limit). */
export async function countStatusPages(db: Queryable, orgId: string): Promise<number> {
  return Number(
    await db.oneFirst(sql.type(z.object({ count: z.number() }))`
      SELECT count(*)::int AS count FROM status_pages WHERE org_id = ${orgId}`),
  );
}

/** The page a visitor asks for, by slug or by custom domain, with its organization's plan. */
export async function findPublicStatusPage(
  db: Queryable,
  by: { slug: string } | { customDomain: string },
): Promise<PublicStatusPageRecord | null> {
  const where =
    'slug' in by ? sql.fragment`p.slug = ${by.slug}` : sql.fragment`p.custom_domain = ${by.customDomain}`;
  const row = await db.maybeOne(sql.type(publicRow)`
    SELECT ${columns}, o.plan FROM status_pages p JOIN organizations o ON o.id = p.org_id WHERE ${where}`);
  return row ? { ...toStatusPage(row), plan: row.plan } : null;
}

/** Replaces a page's fields; null when the organization has no such page, a conflict when the slug is taken. */
export async function updateStatusPage(
  db: Queryable,
  orgId: string,
  id: string,
  input: StatusPageFields,
): Promise<StatusPageRecord | StatusPageConflict | null> {
  return unlessTaken(async () => {
    const row = await db.maybeOne(sql.type(pageRow)`
      UPDATE status_pages p SET slug = ${input.slug}, title = ${input.title}, description = ${input.description},
        logo_url = ${input.logoUrl}, favicon_url = ${input.faviconUrl}, brand_color = ${input.brandColor},
        accent_color = ${input.accentColor}, footer_links = ${sql.jsonb([...input.footerLinks])},
        shown_regions = ${sql.array([...input.shownRegions], 'text')}, updated_at = now()
      WHERE p.org_id = ${orgId} AND p.id = ${id} RETURNING ${columns}`);
    return row ? toStatusPage(row) : null;
  });
}

/** Sets or clears (null) a page's custom domain; a conflict when another page uses it. */
export async function setStatusPageDomain(
  db: Queryable,
  orgId: string,
  id: string,
  customDomain: string | null,
): Promise<StatusPageRecord | StatusPageConflict | null> {
  return unlessTaken(async () => {
    const row = await db.maybeOne(sql.type(pageRow)`
      UPDATE status_pages p SET custom_domain = ${customDomain}, updated_at = now()
      WHERE p.org_id = ${orgId} AND p.id = ${id} RETURNING ${columns}`);
    return row ? toStatusPage(row) : null;
  });
}

/** Sets or clears (null) a page's password hash. */
export async function setStatusPagePassword(
  db: Queryable,
  orgId: string,
  id: string,
  passwordHash: string | null,
): Promise<StatusPageRecord | null> {
  const row = await db.maybeOne(sql.type(pageRow)`
    UPDATE status_pages p SET password_hash = ${passwordHash}, updated_at = now()
    WHERE p.org_id = ${orgId} AND p.id = ${id} RETURNING ${columns}`);
  return row ? toStatusPage(row) : null;
}

/** Deletes a page with its groups and components; false when the organization has no such page. */
export async function deleteStatusPage(db: Queryable, orgId: string, id: string): Promise<boolean> {
  const result = await db.query(sql.unsafe`DELETE FROM status_pages WHERE org_id = ${orgId} AND id = ${id}`);
  return result.rowCount > 0;
}
