import type { BoundHandler } from '../../http/handler.ts';
import { createApiKey } from './create.ts';
import { listApiKeys } from './list.ts';
import { revokeApiKey } from './revoke.ts';

/** The handlers of this area, in the order they are registered. */
export const handlers: BoundHandler[] = [createApiKey, listApiKeys, revokeApiKey];
