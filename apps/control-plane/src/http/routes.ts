import { handlers as adminHandlers } from '../services/admin/index.ts';
import { handlers as alertChannelHandlers } from '../services/alert-channels/index.ts';
import { handlers as apiKeyHandlers } from '../services/api-keys/index.ts';
import { handlers as auditLogHandlers } from '../services/audit-log/index.ts';
import { login } from '../services/auth/login.ts';
import { logout } from '../services/auth/logout.ts';
import { me } from '../services/auth/me.ts';
import { changePassword, confirmPasswordReset, requestPasswordReset } from '../services/auth/passwords.ts';
import { register } from '../services/auth/register.ts';
import { sendEmailVerification, verifyEmail } from '../services/auth/verify-email.ts';
import { handlers as billingHandlers } from '../services/billing/index.ts';
import { handlers as checkNowHandlers } from '../services/check-now/index.ts';
import { handlers as heartbeatHandlers } from '../services/heartbeats/index.ts';
import { handlers as incidentHandlers } from '../services/incidents/index.ts';
import { handlers as invitationHandlers } from '../services/invitations/index.ts';
import { handlers as maintenanceWindowHandlers } from '../services/maintenance-windows/index.ts';
import { handlers as memberHandlers } from '../services/members/index.ts';
import { handlers as monitorOverviewHandlers } from '../services/monitor-overview/index.ts';
import { handlers as monitorStatsHandlers } from '../services/monitor-stats/index.ts';
import { handlers as monitorHandlers } from '../services/monitors/index.ts';
import { handlers as organizationHandlers } from '../services/organizations/index.ts';
import { handlers as regionHandlers } from '../services/regions/index.ts';
import { handlers as resultHandlers } from '../services/results/index.ts';
import { handlers as statusPageHandlers } from '../services/status-pages/index.ts';
import { handlers as subscriberHandlers } from '../services/subscribers/index.ts';
import type { BoundHandler } from './handler.ts';

/** Every REST handler: the route table (OpenAPI and the tenant-isolation test walk it). */
export const handlers: BoundHandler[] = [
  register,
  login,
  logout,
  me,
  changePassword,
  requestPasswordReset,
  confirmPasswordReset,
  sendEmailVerification,
  verifyEmail,
  ...organizationHandlers,
  ...memberHandlers,
  ...invitationHandlers,
  ...apiKeyHandlers,
  ...auditLogHandlers,
  ...billingHandlers,
  ...monitorOverviewHandlers,
  ...monitorHandlers,
  ...checkNowHandlers,
  ...resultHandlers,
  ...monitorStatsHandlers,
  ...alertChannelHandlers,
  ...heartbeatHandlers,
  ...regionHandlers,
  ...adminHandlers,
  ...incidentHandlers,
  ...maintenanceWindowHandlers,
  ...statusPageHandlers,
  ...subscriberHandlers,
];
