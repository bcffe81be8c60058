import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { checkImports } from './check-imports.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const badRoot = fileURLToPath(new URL('./testdata/bad-import', import.meta.url));
const script = fileURLToPath(new URL('./check-imports.ts', import.meta.url));

describe('dependency direction check', () => {
  it('finds no bad import in this repository', async () => {
    expect(await checkImports(repoRoot)).toEqual([]);
  });

  it('reports each kind of bad import', async () => {
    const violations = await checkImports(badRoot);
    expect(violations.map((violation) => [violation.file, violation.specifier])).toEqual(
      expect.arrayContaining([
        ['packages/domain/src/index.ts', '@vantage/db'],
        ['apps/probe/src/main.ts', '../../../packages/db/src/index.ts'],
        ['apps/probe/src/main.ts', '@vantage/domain/src/internal.ts'],
        ['apps/probe/src/main.ts', '@vantage/testing'],
      ]),
    );
    expect(violations).toHaveLength(4);
  });

  it('fails the lint step (exit code 1) on a deliberate bad import', async () => {
    const run = promisify(execFile)(process.execPath, [script, badRoot]);
    await expect(run).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('may not import @vantage/db'),
    });
  });
});
