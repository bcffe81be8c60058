import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, watchOverService } from '@vantage/testing';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The built dashboard (adapter-node) running as a child process. */
export interface TestWeb {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the server wrote, for failure messages. */
  output: string[];
  stop(): Promise<void>;
}

/** Picks the dashboard's port up front: the control plane must allow its origin before either starts. */
export async function reserveWebPort(): Promise<{ port: number; url: string }> {
  const port = await freePort();
  return { port, url: `http://127.0.0.1:${port}` };
}

/** Starts `apps/web/build` (made by the e2e global setup) against a control plane. */
export async function startTestWeb(options: {
  port: number;
  controlPlaneUrl: string;
  env?: Record<string, string>;
}): Promise<TestWeb> {
  const url = `http://127.0.0.1:${options.port}`;
  const child = spawn(process.execPath, [join(root, 'apps/web/serve.js')], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(options.port),
      ORIGIN: url,
      WEB_URL: url,
      CONTROL_PLANE_URL: options.controlPlaneUrl,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error('the dashboard did not start');
  watchOverService(child.pid);
  const output: string[] = [];
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ok = await fetch(`${url}/login`, { redirect: 'manual' }).then(
      (response) => response.status < 500,
      () => false,
    );
    if (ok) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the dashboard did not come up:\n${output.join('')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    port: options.port,
    child,
    output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
