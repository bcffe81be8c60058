import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const protoDir = fileURLToPath(new URL('../../../proto', import.meta.url));
const committedDir = fileURLToPath(new URL('./gen', import.meta.url));

async function filesUnder(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = new Map<string, string>();
  for (const entry of entries.filter((candidate) => candidate.isFile())) {
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path), await readFile(path, 'utf8'));
  }
  return files;
}

describe('generated protocol code', () => {
  it('is what buf generate makes from the committed .proto files (run `npm run generate` if not)', async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'vantage-proto-'));
    try {
      // buf.gen.yaml writes to ../packages/proto/src/gen, relative to the output base.
      await promisify(execFile)('buf', ['generate', '-o', join(scratch, 'proto')], { cwd: protoDir });
      const fresh = await filesUnder(join(scratch, 'packages/proto/src/gen'));
      const committed = await filesUnder(committedDir);
      expect([...committed.keys()].sort()).toEqual([...fresh.keys()].sort());
      for (const [path, text] of fresh) expect(committed.get(path), path).toBe(text);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });

  it('passes buf lint (STANDARD)', async () => {
    await expect(promisify(execFile)('buf', ['lint'], { cwd: protoDir })).resolves.toBeDefined();
  });
});
