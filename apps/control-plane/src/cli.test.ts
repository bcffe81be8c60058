import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useTestServices } from '@vantage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { registerUser } from './test-support/api-client.ts';
import { startTestControlPlane } from './test-support/control-plane.ts';
import { connectFakeProbe } from './test-support/probe-client.ts';

const services = await useTestServices();
const controlPlane = await startTestControlPlane(services, { VANTAGE_EDITION: 'hosted' });
const dataDir = await mkdtemp(join(tmpdir(), 'vantage-cli-'));
afterAll(async () => {
  await controlPlane.stop();
  await rm(dataDir, { recursive: true, force: true });
});
const { url } = controlPlane;
const cliPath = fileURLToPath(new URL('./cli.ts', import.meta.url));

/** Runs the CLI as an operator would, with only the environment it documents. */
function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = {
    PATH: process.env.PATH ?? '',
    DATABASE_URL: services.databaseUrl,
    // Nothing listens here: the command needs Postgres only.
    REDIS_URL: 'redis://127.0.0.1:1',
    CLICKHOUSE_DATA_DIR: dataDir,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('vantage admin', () => {
  it('grants the operator role, after which the account can use /admin routes, and revokes it', async () => {
    const { client, email } = await registerUser(url);
    expect((await client.get('/admin/regions')).status).toBe(403);

    const granted = await runCli(['admin', 'grant', email.toUpperCase()]);
    expect(granted).toMatchObject({ code: 0, stdout: `${email} is now a platform operator\n`, stderr: '' });
    expect((await client.get('/admin/regions')).status).toBe(200);

    const revoked = await runCli(['admin', 'revoke', email]);
    expect(revoked).toMatchObject({ code: 0, stdout: `${email} is no longer a platform operator\n` });
    expect((await client.get('/admin/regions')).status).toBe(403);
  });

  it('exits 1 with a clear message for an unknown email', async () => {
    const result = await runCli(['admin', 'grant', 'nobody@example.com']);
    expect(result).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'no account with email nobody@example.com\n',
    });
  });

  it.each([
    [[]],
    [['admin']],
    [['admin', 'promote', 'a@example.com']],
    [['users', 'grant', 'a@example.com']],
  ])('prints usage and exits 2 for %j', async (args) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^usage: vantage admin grant <email>/);
  });
});

describe('vantage probes rotate-token', () => {
  it('creates the region, prints a working token, and revokes the previous one of that name', async () => {
    const first = await runCli(['probes', 'rotate-token', 'eu-west', 'launcher']);
    expect(first.code).toBe(0);
    const token = first.stdout.trim();
    expect(token).toMatch(/^vp_[A-Za-z0-9_-]{40,}$/);
    const probe = connectFakeProbe(controlPlane.grpcPort, token);
    await probe.waitFor((candidate) =>
      candidate.messages.some((message) => message.message?.$case === 'welcome'),
    );
    const second = await runCli(['probes', 'rotate-token', 'eu-west', 'launcher']);
    expect(second.stdout.trim()).not.toBe(token);
    probe.close();
    const stale = connectFakeProbe(controlPlane.grpcPort, token);
    expect((await stale.closed).code).toBe(16);
    const fresh = connectFakeProbe(controlPlane.grpcPort, second.stdout.trim());
    await fresh.waitFor((candidate) =>
      candidate.messages.some((message) => message.message?.$case === 'welcome'),
    );
    fresh.close();
  });
});
