import type { BoundHandler } from '../../http/handler.ts';
import {
  issuePrivateProbeToken,
  listPrivateProbeTokens,
  revokePrivateProbeToken,
} from './private-probe-tokens.ts';
import { createPrivateRegion, deletePrivateRegion, listRegions } from './private-regions.ts';

/** The handlers of this area, in the order they are registered. */
export const handlers: BoundHandler[] = [
  listRegions,
  createPrivateRegion,
  deletePrivateRegion,
  listPrivateProbeTokens,
  issuePrivateProbeToken,
  revokePrivateProbeToken,
];
