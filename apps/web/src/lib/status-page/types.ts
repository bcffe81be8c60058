// Types of the public status page JSON, as the web app reads them.
import type { statusPageEndpoints } from '@vantage/api-contract';
import type { z } from 'zod';

/** Everything a public status page renders from. */
export type PublicPage = z.output<typeof statusPageEndpoints.publicStatusPageSchema>;
/** A component as visitors see it. */
export type PublicComponent = z.output<typeof statusPageEndpoints.publicComponentSchema>;
/** An incident with its updates. */
export type PublicIncident = z.output<typeof statusPageEndpoints.publicIncidentSchema>;
/** A maintenance occurrence. */
export type PublicMaintenance = z.output<typeof statusPageEndpoints.publicMaintenanceSchema>;
/** One UTC day of a component's history. */
export type PublicDay = z.output<typeof statusPageEndpoints.publicDayBarSchema>;

/** Where a page lives: its path prefix here (`/s/acme`, or '' on a custom domain) and its absolute URL. */
export interface PageLocation {
  base: string;
  url: string;
}
