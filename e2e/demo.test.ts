import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, watchOverService } from '@vantage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from './support/browser.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Two consecutive free ports (the demo target serves HTTP on one and HTTPS on the next). */
async function freePortPair(): Promise<number> {
  for (;;) {
    const port = await freePort();
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer().once('error', () => resolve(false));
      probe.listen(port + 1, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

async function until<T>(
  what: string,
  deadlineMs: number,
  read: () => Promise<T | null | undefined>,
): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await read().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

const dataDir = await mkdtemp(join(tmpdir(), 'vantage-demo-'));
const ports = {
  VANTAGE_WEB_PORT: await freePort(),
  VANTAGE_API_PORT: await freePort(),
  VANTAGE_GRPC_PORT: await freePort(),
  VANTAGE_MAILBOX_PORT: await freePort(),
  VANTAGE_SMTP_PORT: await freePort(),
  VANTAGE_POSTGRES_PORT: await freePort(),
  VANTAGE_REDIS_PORT: await freePort(),
  VANTAGE_DEMO_PORT: await freePortPair(),
};
const output: string[] = [];
let launcher: ChildProcess | null = null;
const startedMs = Date.now();

afterAll(async () => {
  if (launcher && launcher.exitCode === null) {
    const exited = new Promise((resolve) => launcher?.once('exit', resolve));
    launcher.kill('SIGINT');
    await exited;
  }
  await rm(dataDir, { recursive: true, force: true });
}, 90_000);

describe('the README run command', () => {
  it('brings up the demo: an outage with an incident, an alert email and the public outage banner', async () => {
    // What `npm start` runs after installing dependencies.
    launcher = spawn(process.execPath, [join(root, 'infra/dev/launch.ts')], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        VANTAGE_DATA_DIR: dataDir,
        ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (launcher.pid !== undefined) watchOverService(launcher.pid);
    launcher.stdout?.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
    launcher.stderr?.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
    await until('"Vantage is running"', 150_000, async () => {
      if (launcher?.exitCode !== null) throw new Error(`the launcher exited:\n${output.join('')}`);
      return output.join('').includes('Vantage is running.');
    }).catch((error) => {
      throw new Error(`${error}\n${output.join('')}`);
    });
    const demo = JSON.parse(await readFile(join(dataDir, 'demo.json'), 'utf8'));
    expect(output.join('')).toContain(demo.customer.password);

    const mailbox = `http://127.0.0.1:${ports.VANTAGE_MAILBOX_PORT}/messages.json`;
    const alert = await until('the outage alert email', 240_000, async () => {
      const messages = (await (await fetch(mailbox)).json()) as { to: string[]; subject: string }[];
      return messages.find(
        (m) => m.to.includes('oncall@acme.test') && /Checkout API is down/.test(m.subject),
      );
    });
    expect(alert.subject).toMatch(/Checkout API is down/);

    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ baseURL: `http://127.0.0.1:${ports.VANTAGE_WEB_PORT}` });
      await page.goto('/login', { waitUntil: 'networkidle' });
      await page.getByLabel('Email').fill(demo.customer.email);
      await page.getByLabel('Password').fill(demo.customer.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/app\/acme\/monitors/);
      await screenshot(page, 'demo-monitors');
      await page.goto('/app/acme/incidents');
      await expect(page.locator('main').textContent()).resolves.toMatch(/Checkout API/);
      await screenshot(page, 'demo-incidents');
      await page.goto(`/s/${demo.statusPageSlug}`);
      await expect(page.locator('body').textContent()).resolves.toMatch(/outage/i);
      await screenshot(page, 'demo-status-page');
    } finally {
      await browser.close();
    }
    // The promise: all of this within two minutes of the command (plus the one-off build).
    process.stdout.write(
      `demo: outage, email and public banner seen ${Math.round((Date.now() - startedMs) / 1000)} s after start\n`,
    );
  }, 420_000);
});
