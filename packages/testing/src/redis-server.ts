import { spawn, spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { ServiceStartError } from './service-error.ts';
import { watchOverService } from './watchdog.ts';

/** A running `redis-server` child process. */
export interface RunningRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Options for a `redis-server` we start ourselves. */
export interface RedisServerOptions {
  port: number;
  dataDir: string;
  /** Keep an append-only file in dataDir (the launcher) or nothing on disk (tests). */
  persistent: boolean;
  databases?: number;
  /** Removed by the watchdog if this process dies (tests' scratch directories). */
  scratchDir?: string;
}

/** The path of `redis-server`, or null when it is not installed. */
export function findRedisServer(): string | null {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path ? path : null;
}

/** Starts `redis-server` on loopback and resolves once it answers PING. */
export async function startRedisServer(options: RedisServerOptions): Promise<RunningRedis> {
  const binary = findRedisServer();
  if (!binary) {
    throw new ServiceStartError(
      'redis-server is not installed: run `sudo apt-get install redis-server` (Debian/Ubuntu) and try again',
    );
  }
  await mkdir(options.dataDir, { recursive: true });
  const args = [
    '--port',
    String(options.port),
    '--bind',
    '127.0.0.1',
    '--dir',
    options.dataDir,
    '--databases',
    String(options.databases ?? 16),
    '--save',
    '',
    '--daemonize',
    'no',
    '--appendonly',
    options.persistent ? 'yes' : 'no',
    '--loglevel',
    'warning',
  ];
  // Its own process group: a terminal's Ctrl-C reaches our process, which stops Redis last.
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (child.pid === undefined) throw new ServiceStartError(`redis-server could not be started: ${binary}`);
  watchOverService(child.pid, options.scratchDir);
  const ready = await Promise.race([waitForPong(options.port, 10_000), exited.then(() => false)]);
  if (!ready || child.exitCode !== null) {
    child.kill('SIGKILL');
    const reason = stderr.trim().split('\n').pop() ?? 'no output';
    throw new ServiceStartError(`redis-server did not start on port ${options.port}: ${reason}`);
  }
  return {
    url: `redis://127.0.0.1:${options.port}`,
    port: options.port,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function waitForPong(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await pingOnce(port)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

function pingOnce(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
