/** Membership roles, from most to least powerful. */
export const roles = ['owner', 'admin', 'member', 'viewer'] as const;

/** One membership role. */
export type Role = (typeof roles)[number];

/**
 * The one permission table: each action and the least role allowed to do it. Roles are a strict
 * hierarchy, so a role may do everything a lower role may.
 */
const minimumRole = {
  'org:read': 'viewer',
  'monitor:read': 'viewer',
  'alert_channel:read': 'viewer',
  'incident:read': 'viewer',
  'maintenance_window:read': 'viewer',
  'status_page:read': 'viewer',
  'member:read': 'viewer',
  'monitor:write': 'member',
  'alert_channel:write': 'member',
  'incident:write': 'member',
  'maintenance_window:write': 'member',
  'status_page:write': 'member',
  'org:update': 'admin',
  'member:manage': 'admin',
  'invitation:manage': 'admin',
  'api_key:manage': 'admin',
  'billing:read': 'admin',
  'billing:manage': 'admin',
  'audit_log:read': 'admin',
  'org:delete': 'owner',
  'ownership:transfer': 'owner',
} as const satisfies Record<string, Role>;

/** Something a member may or may not do in an organization. */
export type Action = keyof typeof minimumRole;

/** Every action, in table order. */
export const actions = Object.keys(minimumRole) as Action[];

/** Power of a role: higher may do more (owner 3 … viewer 0). */
export function roleRank(role: Role): number {
  return roles.length - 1 - roles.indexOf(role);
}

/** Whether `role` may perform `action`. */
export function can(role: Role, action: Action): boolean {
  return roleRank(role) >= roleRank(minimumRole[action]);
}

/** Whether `value` names a role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

/** Whether `actorRole` may give someone `targetRole`: never above one's own, and only owners make owners. */
export function canGrantRole(actorRole: Role, targetRole: Role): boolean {
  if (!can(actorRole, 'member:manage')) return false;
  if (targetRole === 'owner') return actorRole === 'owner';
  return roleRank(targetRole) <= roleRank(actorRole);
}

/**
 * Whether `actorRole` may change or remove a member who has `memberRole` (admins cannot touch owners).
 * Keeping at least one owner is the caller's check: it needs the organization's owner count.
 */
export function canManageMember(actorRole: Role, memberRole: Role): boolean {
  return canGrantRole(actorRole, memberRole);
}
