import { alertChannelEndpoints } from '@vantage/api-contract';
import type { OrganizationRecord } from '@vantage/db';
import {
  type AlertChannelKind,
  checkAlertChannelKind,
  type FieldIssue,
  limitExceededError,
  plans,
  ServiceError,
  zodIssuesToDetails,
} from '@vantage/domain';
import type { AppContext } from '../../context.ts';
import { checkDestination } from '../../notifications/destination.ts';

/** The plan must offer the kind (402 otherwise). */
export function enforceChannelKind(organization: OrganizationRecord, type: AlertChannelKind): void {
  const violation = checkAlertChannelKind(plans[organization.plan], type);
  if (violation) throw limitExceededError(violation);
}

/** Parses settings of a channel kind (updates send untyped JSON); 400 naming the field otherwise. */
export function parseChannelConfig(type: AlertChannelKind, config: unknown): Record<string, unknown> {
  const parsed = alertChannelEndpoints.alertChannelConfigSchemas[type].safeParse(config);
  if (parsed.success) return parsed.data;
  const issues = zodIssuesToDetails(parsed.error).map((issue) => ({
    path: issue.path ? `body.config.${issue.path}` : 'body.config',
    message: issue.message,
  }));
  throw new ServiceError('validation', 'Invalid channel settings', issues);
}

/** SSRF rules for the URLs alerts are sent to (DESIGN.md §8), at save time; 400 naming the field. */
export async function vetChannelUrls(app: AppContext, config: Record<string, unknown>): Promise<void> {
  const issues: FieldIssue[] = [];
  for (const field of ['url', 'webhookUrl']) {
    const url = config[field];
    if (typeof url !== 'string') continue;
    const checked = await checkDestination(url, {
      allowPrivate: app.config.allowPrivateTargets,
      unresolved: 'allow',
    });
    if (!checked.ok) issues.push({ path: `body.config.${field}`, message: checked.message });
  }
  if (issues.length > 0)
    throw new ServiceError('validation', 'Alerts may not be sent to that address', issues);
}
