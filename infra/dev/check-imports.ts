import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Which of our packages each workspace may import (DESIGN.md §3). Test files may also import
 * `@vantage/testing`. Nothing may import an app, and imports name a package's entry only.
 */
export const allowedImports: Record<string, readonly string[]> = {
  'packages/domain': [],
  'packages/proto': ['domain'],
  'packages/db': ['domain'],
  'packages/results': ['domain'],
  'packages/queue': ['domain'],
  'packages/api-contract': ['domain'],
  'packages/testing': ['domain', 'db', 'results', 'queue', 'proto'],
  'apps/probe': ['domain', 'proto'],
  'apps/web': ['domain', 'api-contract'],
  'apps/control-plane': ['domain', 'proto', 'db', 'results', 'queue', 'api-contract'],
};

/** One import that breaks the rules. */
export interface ImportViolation {
  file: string;
  specifier: string;
  reason: string;
}

const sourceExtensions = /\.(ts|js|mjs|svelte)$/;
const importPattern = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

/** Lists every import in the workspaces under `root` that goes against the dependency direction. */
export async function checkImports(root: string): Promise<ImportViolation[]> {
  const violations: ImportViolation[] = [];
  for (const workspace of await workspaces(root)) {
    const allowed = allowedImports[workspace];
    if (!allowed) {
      violations.push({
        file: workspace,
        specifier: '',
        reason: 'workspace missing from the dependency table',
      });
      continue;
    }
    for (const file of await sourceFiles(join(root, workspace, 'src'))) {
      const text = await readFile(file, 'utf8');
      const isTest = /\.test\.ts$/.test(file) || file.includes(`${sep}test-support${sep}`);
      for (const match of text.matchAll(importPattern)) {
        const specifier = match[1]!;
        const reason = judge(specifier, { root, workspace, file, allowed, isTest });
        if (reason) violations.push({ file: relative(root, file), specifier, reason });
      }
    }
  }
  return violations;
}

interface ImportSite {
  root: string;
  workspace: string;
  file: string;
  allowed: readonly string[];
  isTest: boolean;
}

function judge(specifier: string, site: ImportSite): string | null {
  if (specifier.startsWith('.')) {
    const target = resolve(dirname(site.file), specifier);
    const home = join(site.root, site.workspace) + sep;
    return target.startsWith(home)
      ? null
      : 'relative import leaves its workspace; import the package by name';
  }
  const ours = /^@vantage\/([^/]+)(\/.*)?$/.exec(specifier);
  if (!ours) return null;
  const [, name, subpath] = ours;
  if (subpath) return `reaches into @vantage/${name}'s internals; import its entry only`;
  if (name === 'testing') return site.isTest ? null : 'only test files may import @vantage/testing';
  if (!site.allowed.includes(name!)) {
    return `${site.workspace} may not import @vantage/${name} (allowed: ${site.allowed.join(', ') || 'nothing of ours'})`;
  }
  return null;
}

async function workspaces(root: string): Promise<string[]> {
  const found: string[] = [];
  for (const group of ['apps', 'packages']) {
    const entries = await readdir(join(root, group), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) if (entry.isDirectory()) found.push(`${group}/${entry.name}`);
  }
  return found.sort();
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter(
      (entry) =>
        entry.isFile() && sourceExtensions.test(entry.name) && !entry.parentPath.includes('node_modules'),
    )
    .map((entry) => join(entry.parentPath, entry.name));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? fileURLToPath(new URL('../..', import.meta.url)));
  const violations = await checkImports(root);
  for (const violation of violations) {
    process.stderr.write(`${violation.file}: '${violation.specifier}' — ${violation.reason}\n`);
  }
  if (violations.length > 0) {
    process.stderr.write(`dependency direction: ${violations.length} bad import(s)\n`);
    process.exit(1);
  }
  process.stdout.write('dependency direction: ok\n');
}
