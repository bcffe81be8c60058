import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const webDir = join(root, 'apps/web');
const stampFile = join(webDir, 'build/.source-hash');

/** Sources the dashboard build depends on. */
const inputs = ['apps/web/src', 'apps/web/static', 'apps/web/vite.config.ts', 'apps/web/package.json']
  .concat(['packages/api-contract/src', 'packages/domain/src', 'package-lock.json'])
  .map((path) => join(root, path));

function hashTree(hash: ReturnType<typeof createHash>, path: string): void {
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path).sort()) hashTree(hash, join(path, entry));
    return;
  }
  hash.update(path).update(readFileSync(path));
}

/** Hash of everything the dashboard build is made from. */
export function webSourceHash(): string {
  const hash = createHash('sha256');
  for (const input of inputs) hashTree(hash, input);
  return hash.digest('hex');
}

/** Builds the dashboard (vite build) unless the build on disk was made from the same sources. */
export function ensureWebBuild(): void {
  const hash = webSourceHash();
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) return;
  // Two runs (a test run and the launcher) must not build into the same directories at once.
  const release = acquireLock();
  try {
    if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) return;
    build();
    writeFileSync(stampFile, hash);
  } finally {
    release();
  }
}

const lockDir = join(webDir, '.build-lock');
const staleLockMs = 180_000;

function acquireLock(): () => void {
  const deadline = Date.now() + 2 * staleLockMs;
  for (;;) {
    try {
      mkdirSync(lockDir);
      return () => rmSync(lockDir, { recursive: true, force: true });
    } catch {
      // A lock left by a killed build is taken over once it is older than any build takes.
      const age = Date.now() - (statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > staleLockMs) rmSync(lockDir, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`another dashboard build holds ${lockDir}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
}

function build(): void {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: webDir,
      // Without it the Svelte compiler keeps its development checks in the server build.
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: 'inherit',
    },
  );
}
