import { sql, upsertMembership } from '@vantage/db';
import { can } from '@vantage/domain';
import { useTestServices } from '@vantage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient, registerUser } from '../test-support/api-client.ts';
import { startTestControlPlane } from '../test-support/control-plane.ts';
import { handlers } from './routes.ts';

// Walks the whole route table, so a new route without the access checks fails here.
const services = await useTestServices();
const controlPlane = await startTestControlPlane(services);
afterAll(() => controlPlane.stop());
const { url } = controlPlane;

const endpoints = handlers.map((bound) => bound.endpoint);
const orgRoutes = endpoints.filter((endpoint) => endpoint.access.kind === 'org');
const anyUuid = '00000000-0000-4000-8000-000000000000';

function concretePath(path: string, orgSlug: string): string {
  return path.replace('{org}', orgSlug).replace(/\{[A-Za-z]+\}/g, anyUuid);
}

function call(client: ApiClient, method: string, path: string) {
  return client.request(method, path, method === 'GET' ? undefined : {});
}

describe('every route', () => {
  it('asks for credentials unless it is public', async () => {
    const anonymous = new ApiClient(url);
    for (const endpoint of endpoints.filter((candidate) => candidate.access.kind !== 'public')) {
      const response = await call(anonymous, endpoint.method, concretePath(endpoint.path, 'some-org'));
      expect(response.status, `${endpoint.method} ${endpoint.path}`).toBe(401);
    }
  });

  it('answers 404 on every org route to a signed-in user of another organization', async () => {
    const owner = await registerUser(url);
    const stranger = await registerUser(url);
    for (const endpoint of orgRoutes) {
      const response = await call(
        stranger.client,
        endpoint.method,
        concretePath(endpoint.path, owner.orgSlug),
      );
      expect(response.status, `${endpoint.method} ${endpoint.path}`).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
  });

  it('answers 403 to a viewer on every org route their role does not allow', async () => {
    const owner = await registerUser(url);
    const viewer = await registerUser(url);
    const orgId = await services.db.oneFirst(
      sql.unsafe`SELECT id FROM organizations WHERE slug = ${owner.orgSlug}`,
    );
    await upsertMembership(services.db, String(orgId), viewer.userId, 'viewer');
    const forbidden = orgRoutes.filter(
      (endpoint) => endpoint.access.kind === 'org' && !can('viewer', endpoint.access.action),
    );
    expect(forbidden.length).toBeGreaterThan(0);
    for (const endpoint of forbidden) {
      const response = await call(viewer.client, endpoint.method, concretePath(endpoint.path, owner.orgSlug));
      expect(response.status, `${endpoint.method} ${endpoint.path}`).toBe(403);
    }
  });

  it('refuses API keys on user and operator routes', async () => {
    const keyed = ApiClient.withApiKey(url, `vk_${'x'.repeat(43)}`);
    const response = await keyed.get('/me');
    expect(response.status).toBe(401);
  });
});
