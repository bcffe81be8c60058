import { useTestServices } from '@vantage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../test-support/api-client.ts';
import { startTestControlPlane } from '../test-support/control-plane.ts';
import { handlers } from './routes.ts';

const services = await useTestServices();
const controlPlane = await startTestControlPlane(services, {
  RATE_LIMIT_LOGIN: '3/900',
  RATE_LIMIT_REGISTER: '4/3600',
  RATE_LIMIT_PASSWORD_RESET: '2/3600',
});
afterAll(() => controlPlane.stop());
const { url } = controlPlane;

describe('rate limits', () => {
  it('answers 429 with Retry-After after too many logins for one address', async () => {
    const client = new ApiClient(url);
    const attempt = () =>
      client.post('/auth/login', { email: 'victim@example.com', password: 'guess guess' });
    for (let i = 0; i < 3; i += 1) expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('limits registrations and password resets per client address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const response = await new ApiClient(url).post('/auth/register', {
        email: `burst${i}@example.com`,
        password: 'long enough password',
        organizationName: `Burst ${i}`,
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 429]);
    const resets = [];
    for (let i = 0; i < 3; i += 1)
      resets.push((await new ApiClient(url).post('/auth/password-reset', { email: 'x@example.com' })).status);
    expect(resets).toEqual([202, 202, 429]);
  });
});

describe('OpenAPI', () => {
  it('documents every endpoint of the route table with its schemas', async () => {
    const response = await new ApiClient(url).get('/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    const operations = Object.values(
      response.body.paths as Record<string, Record<string, { operationId: string }>>,
    )
      .flatMap((methods) => Object.values(methods))
      .map((operation) => operation.operationId)
      .sort();
    expect(operations).toEqual(handlers.map((bound) => bound.endpoint.id).sort());
    const register = response.body.paths['/auth/register'].post;
    expect(register.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['email', 'password', 'organizationName']),
    );
  });

  it('has endpoint ids that are unique and paths whose parameters match their schemas', () => {
    const ids = handlers.map((bound) => bound.endpoint.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { endpoint } of handlers) {
      const shape = (endpoint.params as unknown as { shape?: Record<string, unknown> }).shape ?? {};
      const inPath = [...endpoint.path.matchAll(/\{([A-Za-z]+)\}/g)].map((match) => match[1]);
      expect(Object.keys(shape).sort(), endpoint.id).toEqual(inPath.sort());
    }
  });
});
