import { z } from 'zod';
import { orgIdParams, orgParams, pageOf, timestamp } from './common.ts';
import { endpoint } from './endpoint.ts';

/** A maintenance window as the API shows it. */
export const maintenanceWindowSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  monitorIds: z.array(z.uuid()),
  /** Start of a one-off window, or DTSTART of a recurring one. */
  startsAt: timestamp,
  /** End of a one-off window; null when recurring. */
  endsAt: timestamp.nullable(),
  /** RFC 5545 recurrence rule (e.g. `FREQ=WEEKLY;BYDAY=SU;BYHOUR=2`); null when one-off. */
  rrule: z.string().nullable(),
  /** Length of each occurrence of a recurring window. */
  durationMinutes: z.int().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

const fields = {
  title: z.string().trim().min(1).max(200),
  monitorIds: z
    .array(z.uuid())
    .min(1)
    .max(500)
    .refine((ids) => new Set(ids).size === ids.length, 'Monitor ids must not repeat'),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }).nullable(),
  rrule: z.string().trim().min(1).max(500).nullable(),
  durationMinutes: z
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .nullable(),
};

/** A whole window, as written. */
type WindowFields = {
  startsAt: string;
  endsAt: string | null;
  rrule: string | null;
  durationMinutes: number | null;
};

/** Cross-field rules of a window; the rrule's syntax is checked by the service (it owns the RFC 5545 parser). */
export function checkMaintenanceWindow(body: WindowFields, ctx: z.RefinementCtx): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (body.rrule === null) {
    if (body.endsAt === null) issue('endsAt', 'A one-off window needs endsAt (or an rrule)');
    else if (Date.parse(body.endsAt) <= Date.parse(body.startsAt))
      issue('endsAt', 'endsAt must be after startsAt');
    if (body.durationMinutes !== null) issue('durationMinutes', 'Only recurring windows have a duration');
  } else {
    if (body.durationMinutes === null) issue('durationMinutes', 'A recurring window needs durationMinutes');
    if (body.endsAt !== null) issue('endsAt', 'A recurring window ends by its rrule; leave endsAt null');
  }
}

/** Body of a new window: one-off (`startsAt`, `endsAt`) or recurring (`startsAt`, `rrule`, `durationMinutes`). */
export const maintenanceWindowBody = z
  .strictObject({
    ...fields,
    endsAt: fields.endsAt.default(null),
    rrule: fields.rrule.default(null),
    durationMinutes: fields.durationMinutes.default(null),
  })
  .superRefine(checkMaintenanceWindow);

/** Body of a change: any fields; the merged window is checked as a whole. */
export const maintenanceWindowPatch = z.strictObject({
  title: fields.title.optional(),
  monitorIds: fields.monitorIds.optional(),
  startsAt: fields.startsAt.optional(),
  endsAt: fields.endsAt.optional(),
  rrule: fields.rrule.optional(),
  durationMinutes: fields.durationMinutes.optional(),
});

/** `GET /orgs/{org}/maintenance-windows`. */
export const list = endpoint({
  id: 'maintenanceWindows.list',
  method: 'GET',
  path: '/orgs/{org}/maintenance-windows',
  summary: "The organization's maintenance windows",
  tag: 'maintenance-windows',
  access: { kind: 'org', action: 'maintenance_window:read' },
  params: orgParams,
  response: pageOf(maintenanceWindowSchema),
});

/** `POST /orgs/{org}/maintenance-windows`. */
export const create = endpoint({
  id: 'maintenanceWindows.create',
  method: 'POST',
  path: '/orgs/{org}/maintenance-windows',
  summary: 'Schedule a one-off or recurring maintenance window for some monitors',
  tag: 'maintenance-windows',
  access: { kind: 'org', action: 'maintenance_window:write' },
  params: orgParams,
  body: maintenanceWindowBody,
  response: maintenanceWindowSchema,
  status: 201,
});

/** `GET /orgs/{org}/maintenance-windows/{id}`. */
export const get = endpoint({
  id: 'maintenanceWindows.get',
  method: 'GET',
  path: '/orgs/{org}/maintenance-windows/{id}',
  summary: 'One maintenance window',
  tag: 'maintenance-windows',
  access: { kind: 'org', action: 'maintenance_window:read' },
  params: orgIdParams,
  response: maintenanceWindowSchema,
});

/** `PATCH /orgs/{org}/maintenance-windows/{id}`. */
export const update = endpoint({
  id: 'maintenanceWindows.update',
  method: 'PATCH',
  path: '/orgs/{org}/maintenance-windows/{id}',
  summary: 'Change a maintenance window (the result must still be a valid window)',
  tag: 'maintenance-windows',
  access: { kind: 'org', action: 'maintenance_window:write' },
  params: orgIdParams,
  body: maintenanceWindowPatch,
  response: maintenanceWindowSchema,
});

/** `DELETE /orgs/{org}/maintenance-windows/{id}`. */
export const remove = endpoint({
  id: 'maintenanceWindows.delete',
  method: 'DELETE',
  path: '/orgs/{org}/maintenance-windows/{id}',
  summary: 'Delete a maintenance window',
  tag: 'maintenance-windows',
  access: { kind: 'org', action: 'maintenance_window:write' },
  params: orgIdParams,
  response: null,
  status: 204,
});

/** `GET /orgs/{org}/maintenance-windows/{id}/occurrences`. */
export const occurrences = endpoint({
  id: 'maintenanceWindows.occurrences',
  method: 'GET',
  path: '/orgs/{org}/maintenance-windows/{id}/occurrences',
  summary: 'The next occurrences of a window (the one in progress first)',
  tag: 'maintenance-windows',
  access: { kind: 'org', action: 'maintenance_window:read' },
  params: orgIdParams,
  query: z.strictObject({ count: z.coerce.number().int().min(1).max(100).default(5) }),
  response: z.object({ items: z.array(z.object({ startsAt: timestamp, endsAt: timestamp })) }),
});
