import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CheckResult as ProtoCheckResult } from '@vantage/proto';
import type { ResultBatch } from './buffer.ts';

/** The file in the state directory that holds the batches a stopped probe could not deliver. */
export const spoolFileName = 'unacked-batches.json';

interface SpoolFile {
  version: 1;
  /** Whose results these are: a probe started with another token must not send them as its own. */
  tokenSha256: string;
  savedAt: string;
  batches: { batchId: string; sizeBytes: number; results: unknown[] }[];
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Writes the unacknowledged batches of a stopping probe to `dir` (atomically: temp file, then rename),
 * so the next process of the same probe token — an upgrade — sends them. Returns how many results.
 */
export async function saveUnacked(
  dir: string,
  token: string,
  batches: readonly ResultBatch[],
): Promise<number> {
  const file = join(dir, spoolFileName);
  if (batches.length === 0) {
    await rm(file, { force: true });
    return 0;
  }
  const content: SpoolFile = {
    version: 1,
    tokenSha256: tokenHash(token),
    savedAt: new Date().toISOString(),
    batches: batches.map((batch) => ({
      batchId: batch.batchId,
      sizeBytes: batch.sizeBytes,
      results: batch.results.map((result) => ProtoCheckResult.toJSON(result)),
    })),
  };
  await mkdir(dir, { recursive: true });
  await writeFile(`${file}.tmp`, JSON.stringify(content), { mode: 0o600 });
  await rename(`${file}.tmp`, file);
  return batches.reduce((sum, batch) => sum + batch.results.length, 0);
}

/**
 * Reads and removes what a previous process saved in `dir`; the batches keep their ids, so a batch the
 * control plane stored after all is recognised and not counted twice. Another token's file is discarded.
 */
export async function loadUnacked(
  dir: string,
  token: string,
  log: (line: string) => void,
): Promise<ResultBatch[]> {
  const file = join(dir, spoolFileName);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  await rm(file, { force: true });
  let content: SpoolFile;
  try {
    content = JSON.parse(text) as SpoolFile;
  } catch {
    log(`ignoring ${file}: not valid JSON`);
    return [];
  }
  if (content.version !== 1 || content.tokenSha256 !== tokenHash(token)) {
    log(`ignoring ${file}: saved by a probe with another token`);
    return [];
  }
  return content.batches.map((batch) => ({
    batchId: batch.batchId,
    sizeBytes: batch.sizeBytes,
    results: batch.results.map((result) => ProtoCheckResult.fromJSON(result)),
  }));
}
