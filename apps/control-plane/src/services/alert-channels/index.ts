import type { BoundHandler } from '../../http/handler.ts';
import { createAlertChannel } from './create.ts';
import { deleteAlertChannelHandler } from './delete.ts';
import { listDeliveries, retryDelivery } from './deliveries.ts';
import { getAlertChannel, listAlertChannelsHandler } from './read.ts';
import { testAlertChannel } from './test-send.ts';
import { updateAlertChannelHandler } from './update.ts';

/** The handlers of this area, in the order they are registered. */
export const handlers: BoundHandler[] = [
  createAlertChannel,
  listAlertChannelsHandler,
  getAlertChannel,
  updateAlertChannelHandler,
  deleteAlertChannelHandler,
  testAlertChannel,
  listDeliveries,
  retryDelivery,
];
