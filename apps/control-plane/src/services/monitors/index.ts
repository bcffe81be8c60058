import type { BoundHandler } from '../../http/handler.ts';
import { createMonitor } from './create.ts';
import { deleteMonitor } from './delete.ts';
import { getMonitor } from './get.ts';
import { listOrgMonitors } from './list.ts';
import { pauseMonitor, resumeMonitor } from './pause.ts';
import { updateMonitor } from './update.ts';

export { pauseMonitorsOverPlan } from './over-plan.ts';
export { type MonitorChange, publishMonitorChanges } from './publish.ts';

/** The handlers of this area, in the order they are registered. */
export const handlers: BoundHandler[] = [
  createMonitor,
  listOrgMonitors,
  getMonitor,
  updateMonitor,
  deleteMonitor,
  pauseMonitor,
  resumeMonitor,
];
