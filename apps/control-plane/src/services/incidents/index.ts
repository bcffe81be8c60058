import type { BoundHandler } from '../../http/handler.ts';
import { addIncidentUpdate } from './add-update.ts';
import { createIncident } from './create.ts';
import { deleteIncidentHandler } from './delete.ts';
import { getIncident, listIncidentsHandler } from './get.ts';
import { updateIncidentHandler } from './update.ts';

export { applyAutomaticIncidents } from './auto.ts';

/** The handlers of this area, in the order they are registered. */
export const handlers: BoundHandler[] = [
  listIncidentsHandler,
  createIncident,
  getIncident,
  updateIncidentHandler,
  deleteIncidentHandler,
  addIncidentUpdate,
];
