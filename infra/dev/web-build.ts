import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: webDir,
      stdio: 'inherit',
    },
  );
  writeFileSync(stampFile, hash);
}
