import type { BoundHandler } from '../../http/handler.ts';
import { listOrganizations, updateOrganization } from './organizations.ts';
import { issueProbeTokenHandler, listProbeTokensHandler, revokeProbeTokenHandler } from './probe-tokens.ts';
import { listProbes } from './probes.ts';
import { createRegionHandler, deleteRegionHandler, listRegions, updateRegionHandler } from './regions.ts';

/** The handlers of this area, in the order they are registered. */
export const handlers: BoundHandler[] = [
  listRegions,
  createRegionHandler,
  updateRegionHandler,
  deleteRegionHandler,
  listProbeTokensHandler,
  issueProbeTokenHandler,
  revokeProbeTokenHandler,
  listProbes,
  listOrganizations,
  updateOrganization,
];
