import type { BoundHandler } from '../../http/handler.ts';
import { createMaintenanceWindow } from './create.ts';
import { deleteMaintenanceWindowHandler } from './delete.ts';
import { getMaintenanceWindow, listMaintenanceWindowsHandler, listOccurrences } from './get.ts';
import { updateMaintenanceWindowHandler } from './update.ts';

export { activeMaintenance, nextOccurrences, occurrenceAt, parseRecurrence } from './schedule.ts';

/** The handlers of this area, in the order they are registered. */
export const handlers: BoundHandler[] = [
  listMaintenanceWindowsHandler,
  createMaintenanceWindow,
  getMaintenanceWindow,
  updateMaintenanceWindowHandler,
  deleteMaintenanceWindowHandler,
  listOccurrences,
];
