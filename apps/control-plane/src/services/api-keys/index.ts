import type { BoundHandler } from '../../http/handler.ts';

/** The handlers of this area, in the order they are registered. */
export const handlers: BoundHandler[] = [];
