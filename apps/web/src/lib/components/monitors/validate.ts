import {
  checkMonitorSpecLimits,
  type MonitorKind,
  monitorSchemas,
  type PlanId,
  plans,
} from '@vantage/domain';
import { type FormValues, fieldOf, specFromForm } from './spec-form.ts';

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  origin?: string;
  minimum?: unknown;
  maximum?: unknown;
}

/** A zod issue in words a person filling the form understands. */
function messageOf(issue: Issue): string {
  if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1)
    return 'Required';
  if (issue.code === 'too_small' && issue.origin === 'number') return `Must be at least ${issue.minimum}`;
  if (issue.code === 'too_big' && issue.origin === 'number') return `Must be at most ${issue.maximum}`;
  if (issue.code === 'invalid_type' && issue.message.includes('number')) return 'Enter a number';
  return issue.message;
}

/**
 * Field errors of a monitor form, checked in the browser with the same zod schemas and plan limits the
 * API applies (the API checks again; this only saves a round trip).
 */
export function validateMonitorForm(values: FormValues, planId: PlanId): Record<string, string> {
  const { spec, errors } = specFromForm(values);
  const schema = monitorSchemas[spec.type as MonitorKind];
  if (!schema) return { ...errors, type: 'Pick what to monitor' };
  const parsed = schema.safeParse(spec);
  if (!parsed.success) {
    for (const issue of parsed.error.issues as unknown as Issue[]) {
      errors[fieldOf(issue.path.map(String).join('.'))] ??= messageOf(issue);
    }
    return errors;
  }
  const violation = plans[planId] ? checkMonitorSpecLimits(plans[planId], parsed.data) : null;
  if (violation?.path) errors[violation.path] ??= violation.message;
  return errors;
}
