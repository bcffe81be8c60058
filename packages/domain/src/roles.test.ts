import { describe, expect, it } from 'vitest';
import type { Action, Role } from './roles.ts';
import { actions, can, canGrantRole, canManageMember, roleRank, roles } from './roles.ts';

describe('can', () => {
  // Which roles may do each action: owner, admin, member, viewer.
  const table: [Action, boolean, boolean, boolean, boolean][] = [
    ['monitor:read', true, true, true, true],
    ['status_page:read', true, true, true, true],
    ['monitor:write', true, true, true, false],
    ['alert_channel:write', true, true, true, false],
    ['incident:write', true, true, true, false],
    ['status_page:write', true, true, true, false],
    ['maintenance_window:write', true, true, true, false],
    ['member:manage', true, true, false, false],
    ['invitation:manage', true, true, false, false],
    ['api_key:manage', true, true, false, false],
    ['billing:manage', true, true, false, false],
    ['audit_log:read', true, true, false, false],
    ['org:delete', true, false, false, false],
    ['ownership:transfer', true, false, false, false],
  ];

  it.each(table)('%s: owner %s, admin %s, member %s, viewer %s', (action, ...allowed) => {
    expect(roles.map((role) => can(role, action))).toEqual(allowed);
  });

  it('lets viewers only read', () => {
    const viewerActions = actions.filter((action) => can('viewer', action));
    expect(viewerActions.every((action) => action.endsWith(':read') && action !== 'audit_log:read')).toBe(
      true,
    );
  });

  it('gives every role everything the role below it has', () => {
    for (const action of actions) {
      for (let i = 1; i < roles.length; i++) {
        if (can(roles[i] as Role, action)) expect(can(roles[i - 1] as Role, action)).toBe(true);
      }
    }
  });
});

describe('canGrantRole', () => {
  it.each<[Role, Role, boolean]>([
    ['owner', 'owner', true],
    ['owner', 'admin', true],
    ['owner', 'viewer', true],
    ['admin', 'owner', false],
    ['admin', 'admin', true],
    ['admin', 'member', true],
    ['admin', 'viewer', true],
    ['member', 'member', false],
    ['member', 'viewer', false],
    ['viewer', 'viewer', false],
  ])('%s may grant %s: %s', (actor, target, allowed) => {
    expect(canGrantRole(actor, target)).toBe(allowed);
  });

  it.each<[Role, Role, boolean]>([
    ['admin', 'owner', false],
    ['admin', 'admin', true],
    ['owner', 'owner', true],
    ['member', 'viewer', false],
  ])('%s may manage a %s: %s', (actor, member, allowed) => {
    expect(canManageMember(actor, member)).toBe(allowed);
  });

  it('ranks owner highest', () => {
    expect(roles.map(roleRank)).toEqual([3, 2, 1, 0]);
  });
});
