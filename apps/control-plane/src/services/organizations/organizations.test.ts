import { sql } from '@vantage/db';
import { useTestServices } from '@vantage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient, registerUser } from '../../test-support/api-client.ts';
import { startTestControlPlane } from '../../test-support/control-plane.ts';

const services = await useTestServices();
const controlPlane = await startTestControlPlane(services);
afterAll(() => controlPlane.stop());
const { url } = controlPlane;

type Role = 'owner' | 'admin' | 'member' | 'viewer';

/** Puts an existing user into an organization with a role (setup only; the invitation flow has its own tests). */
async function addMember(orgSlug: string, userId: string, role: Role): Promise<void> {
  await services.db.query(sql.unsafe`
    INSERT INTO memberships (org_id, user_id, role)
    SELECT id, ${userId}, ${role} FROM organizations WHERE slug = ${orgSlug}`);
}

/** An organization with an owner and one more user per role. */
async function team() {
  const owner = await registerUser(url);
  const others = {} as Record<Exclude<Role, 'owner'>, Awaited<ReturnType<typeof registerUser>>>;
  for (const role of ['admin', 'member', 'viewer'] as const) {
    others[role] = await registerUser(url);
    await addMember(owner.orgSlug, others[role].userId, role);
  }
  return { owner, ...others, slug: owner.orgSlug };
}

describe('organizations', () => {
  it('lets a user create a second organization; /me lists both memberships', async () => {
    const { client, orgSlug } = await registerUser(url);
    const created = await client.post('/orgs', { name: 'Second Shop' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Second Shop', plan: 'unlimited' });
    const me = await client.get('/me');
    expect(me.body.memberships.map((m: { organization: { slug: string }; role: string }) => m)).toEqual([
      expect.objectContaining({ role: 'owner', organization: expect.objectContaining({ slug: orgSlug }) }),
      expect.objectContaining({
        role: 'owner',
        organization: expect.objectContaining({ slug: created.body.slug }),
      }),
    ]);
    expect((await client.get(`/orgs/${created.body.slug}`)).body.name).toBe('Second Shop');
  });

  it('renames for admins only and answers 400 naming a bad name', async () => {
    const { owner, admin, member, slug } = await team();
    expect((await member.client.patch(`/orgs/${slug}`, { name: 'Nope' })).status).toBe(403);
    const renamed = await admin.client.patch(`/orgs/${slug}`, { name: 'Renamed Co' });
    expect(renamed.status).toBe(200);
    expect((await owner.client.get(`/orgs/${slug}`)).body).toMatchObject({ name: 'Renamed Co', slug });
    const bad = await owner.client.patch(`/orgs/${slug}`, { name: '', slug: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'body.name',
      'body.slug',
    ]);
  });

  it('deletes an organization for its owner only', async () => {
    const { owner, admin, slug } = await team();
    expect((await admin.client.delete(`/orgs/${slug}`)).status).toBe(403);
    expect((await owner.client.delete(`/orgs/${slug}`)).status).toBe(204);
    expect((await owner.client.get(`/orgs/${slug}`)).status).toBe(404);
    expect((await admin.client.get('/me')).body.memberships).toHaveLength(1);
  });

  it('transfers ownership to a member: they become owner, the caller admin', async () => {
    const { owner, member, admin, slug } = await team();
    expect(
      (await admin.client.post(`/orgs/${slug}/transfer-ownership`, { userId: member.userId })).status,
    ).toBe(403);
    const outsider = await registerUser(url);
    const notMember = await owner.client.post(`/orgs/${slug}/transfer-ownership`, {
      userId: outsider.userId,
    });
    expect(notMember.status).toBe(404);
    const done = await owner.client.post(`/orgs/${slug}/transfer-ownership`, { userId: member.userId });
    expect(done.status).toBe(204);
    const roles = (await owner.client.get(`/orgs/${slug}/members`)).body.items;
    expect(roles.find((m: { userId: string }) => m.userId === member.userId).role).toBe('owner');
    expect(roles.find((m: { userId: string }) => m.userId === owner.userId).role).toBe('admin');
  });

  it('lets members leave but not the last owner (409 with a clear message)', async () => {
    const { owner, viewer, slug } = await team();
    expect((await viewer.client.post(`/orgs/${slug}/leave`)).status).toBe(204);
    expect((await viewer.client.get(`/orgs/${slug}`)).status).toBe(404);
    const lastOwner = await owner.client.post(`/orgs/${slug}/leave`);
    expect(lastOwner.status).toBe(409);
    expect(lastOwner.body.error.message).toMatch(/last owner/i);
    expect((await owner.client.get(`/orgs/${slug}`)).status).toBe(200);
  });
});

describe('members', () => {
  it('lists members with their roles', async () => {
    const { owner, viewer, slug } = await team();
    const list = await viewer.client.get(`/orgs/${slug}/members`);
    expect(list.status).toBe(200);
    expect(list.body.nextCursor).toBeNull();
    expect(list.body.items).toHaveLength(4);
    expect(list.body.items[0]).toEqual({
      userId: owner.userId,
      email: owner.email,
      name: '',
      role: 'owner',
      joinedAt: expect.any(String),
    });
  });

  it.each(['member', 'viewer'] as const)('refuses a %s managing members (403)', async (role) => {
    const roster = await team();
    const { client } = roster[role];
    const target = roster.viewer.userId === roster[role].userId ? roster.member : roster.viewer;
    expect(
      (await client.patch(`/orgs/${roster.slug}/members/${target.userId}`, { role: 'admin' })).status,
    ).toBe(403);
    expect((await client.delete(`/orgs/${roster.slug}/members/${target.userId}`)).status).toBe(403);
  });

  it('lets an admin manage lower roles but never touch an owner or grant owner', async () => {
    const { owner, admin, viewer, slug } = await team();
    const promoted = await admin.client.patch(`/orgs/${slug}/members/${viewer.userId}`, { role: 'member' });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ userId: viewer.userId, role: 'member' });
    expect(
      (await admin.client.patch(`/orgs/${slug}/members/${viewer.userId}`, { role: 'owner' })).status,
    ).toBe(403);
    expect(
      (await admin.client.patch(`/orgs/${slug}/members/${owner.userId}`, { role: 'viewer' })).status,
    ).toBe(403);
    expect((await admin.client.delete(`/orgs/${slug}/members/${owner.userId}`)).status).toBe(403);
    expect((await admin.client.delete(`/orgs/${slug}/members/${viewer.userId}`)).status).toBe(204);
    expect((await viewer.client.get(`/orgs/${slug}`)).status).toBe(404);
  });

  it('never leaves an organization without an owner', async () => {
    const { owner, admin, slug } = await team();
    const demote = await owner.client.patch(`/orgs/${slug}/members/${owner.userId}`, { role: 'admin' });
    expect(demote.status).toBe(409);
    expect(demote.body.error.message).toMatch(/last owner/i);
    expect((await owner.client.delete(`/orgs/${slug}/members/${owner.userId}`)).status).toBe(409);
    // With a second owner, the first may step down.
    expect(
      (await owner.client.patch(`/orgs/${slug}/members/${admin.userId}`, { role: 'owner' })).status,
    ).toBe(200);
    expect(
      (await owner.client.patch(`/orgs/${slug}/members/${owner.userId}`, { role: 'admin' })).status,
    ).toBe(200);
    expect((await admin.client.delete(`/orgs/${slug}/members/${admin.userId}`)).status).toBe(409);
  });

  it('answers 404 for a member id of another organization and 400 naming a bad role', async () => {
    const a = await team();
    const b = await team();
    expect(
      (await a.owner.client.patch(`/orgs/${a.slug}/members/${b.viewer.userId}`, { role: 'member' })).status,
    ).toBe(404);
    expect((await a.owner.client.delete(`/orgs/${a.slug}/members/${b.viewer.userId}`)).status).toBe(404);
    expect((await a.owner.client.get(`/orgs/${b.slug}/members`)).status).toBe(404);
    const bad = await a.owner.client.patch(`/orgs/${a.slug}/members/${a.viewer.userId}`, { role: 'god' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('body.role');
  });
});

describe('audit log', () => {
  it('lists writes newest first with actor and diff, paged by nextCursor', async () => {
    const { owner, admin, viewer, member, slug } = await team();
    await owner.client.patch(`/orgs/${slug}`, { name: 'Audited Org' });
    await admin.client.patch(`/orgs/${slug}/members/${viewer.userId}`, { role: 'member' });
    expect((await member.client.get(`/orgs/${slug}/audit-log`)).status).toBe(403);

    const first = await owner.client.get(`/orgs/${slug}/audit-log?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items[0]).toMatchObject({
      action: 'member.update',
      actor: { type: 'user', id: admin.userId, label: admin.email },
      targetType: 'member',
      targetId: viewer.userId,
      diff: { role: { from: 'viewer', to: 'member' } },
    });
    expect(first.body.items[1]).toMatchObject({
      action: 'organization.update',
      actor: { type: 'user', id: owner.userId },
      diff: { name: { to: 'Audited Org' } },
    });
    expect(first.body.nextCursor).toEqual(first.body.items[1].id);

    const second = await owner.client.get(`/orgs/${slug}/audit-log?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((entry: { action: string }) => entry.action)).toEqual([
      'organization.create',
    ]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('answers 400 naming a bad cursor or limit', async () => {
    const { client, orgSlug } = await registerUser(url);
    const bad = await client.get(`/orgs/${orgSlug}/audit-log?cursor=abc&limit=0`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'query.cursor',
      'query.limit',
    ]);
  });

  it('is not readable without signing in', async () => {
    const { orgSlug } = await registerUser(url);
    expect((await new ApiClient(url).get(`/orgs/${orgSlug}/audit-log`)).status).toBe(401);
  });
});
