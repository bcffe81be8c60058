import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const sourceDir = import.meta.dirname;
const sources = readdirSync(sourceDir, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .map((file) => [file, readFileSync(join(sourceDir, file), 'utf8')] as const);

describe('domain purity', () => {
  it.each(sources)('%s imports only zod, ipaddr.js and relative .ts files', (_, text) => {
    const specifiers = [...text.matchAll(/^(?:import|export)\b[^;]*?from '([^']+)'/gms)].map(
      (match) => match[1],
    );
    for (const specifier of specifiers) {
      expect(specifier).toMatch(/^(zod|ipaddr\.js|\.\.?\/.*\.ts)$/);
    }
  });

  it.each(sources)('%s does no I/O', (_, text) => {
    expect(text).not.toMatch(/process\.env|\bfetch\(|\brequire\(|import\(/);
  });

  it('exposes the public API from one entry', async () => {
    const entry = await import('./index.ts');
    expect(Object.keys(entry)).toEqual(
      expect.arrayContaining([
        'monitorSpecSchema',
        'applyMonitorPatch',
        'plans',
        'can',
        'classifyAddress',
        'ServiceError',
      ]),
    );
  });
});
