import type { statusPageEndpoints } from '@vantage/api-contract';
import type { StatusPageFields, StatusPageRecord } from '@vantage/db';
import type { z } from 'zod';

type Patch = z.output<typeof statusPageEndpoints.statusPagePatch>;

/** A page's stored fields with a create or change body laid over them (branding merges field by field). */
export function mergePageFields(existing: StatusPageFields, body: Patch): StatusPageFields {
  const branding = body.branding ?? {};
  const pick = <T>(value: T | undefined, fallback: T) => (value === undefined ? fallback : value);
  return {
    slug: body.slug ?? existing.slug,
    title: body.title ?? existing.title,
    description: body.description ?? existing.description,
    logoUrl: pick(branding.logoUrl, existing.logoUrl),
    faviconUrl: pick(branding.faviconUrl, existing.faviconUrl),
    brandColor: pick(branding.brandColor, existing.brandColor),
    accentColor: pick(branding.accentColor, existing.accentColor),
    footerLinks: body.footerLinks ?? existing.footerLinks,
    shownRegions: body.shownRegions ?? existing.shownRegions,
  };
}

/** The fields of a new page before any body: empty. */
export const blankPageFields: StatusPageFields = {
  slug: '',
  title: '',
  description: '',
  logoUrl: null,
  faviconUrl: null,
  brandColor: null,
  accentColor: null,
  footerLinks: [],
  shownRegions: [],
};

/** The stored fields of a page record. */
export function pageFieldsOf(page: StatusPageRecord): StatusPageFields {
  return mergePageFields(page, {});
}
