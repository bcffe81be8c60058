import type { ProbeTokenRecord, RegionRecord } from '@vantage/db';

/** Region record → the API shape organizations see. */
export function toRegionDto(region: RegionRecord) {
  return {
    id: region.id,
    name: region.name,
    location: region.location,
    private: region.orgId !== null,
    createdAt: region.createdAt.toISOString(),
  };
}

/** Region record → the API shape operators see (with the owning organization). */
export function toAdminRegionDto(region: RegionRecord) {
  return { ...toRegionDto(region), orgId: region.orgId };
}

/** Probe token record → API shape (prefix only, never the secret). */
export function toProbeTokenDto(token: ProbeTokenRecord) {
  return {
    id: token.id,
    regionId: token.regionId,
    name: token.name,
    prefix: token.prefix,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
  };
}
