import {
  createDatabasePool,
  type DatabasePool,
  insertRegion,
  migrateDatabase,
  revokeProbeTokensNamed,
  setOperator,
} from '@vantage/db';
import { regionIdPattern } from '@vantage/domain';
import { ConfigError, loadConfig } from './config.ts';
import { issueProbeToken } from './services/regions/tokens.ts';

const usage = [
  'usage: vantage admin grant <email>',
  '       vantage admin revoke <email>',
  '       vantage probes rotate-token <region-id> <token-name>   (creates the platform region if missing;',
  '                                                              prints the new token, revokes older ones of that name)',
].join('\n');

/** Opens Postgres only (Redis and ClickHouse need not be reachable), migrated, for one command. */
async function withDatabase<T>(work: (db: DatabasePool) => Promise<T>): Promise<T> {
  const config = loadConfig();
  await migrateDatabase(config.databaseUrl);
  const db = await createDatabasePool(config.databaseUrl, { maximumPoolSize: 1 });
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

/** Issues a fresh token for a platform region (created if missing) and revokes older ones of the same name. */
async function rotateProbeToken(regionId: string, name: string): Promise<Outcome> {
  if (!regionIdPattern.test(regionId)) return { code: 1, stderr: `not a region id: ${regionId}` };
  return withDatabase((db) =>
    db.transaction(async (tx) => {
      await insertRegion(tx, { id: regionId, name: regionId, location: '', orgId: null });
      await revokeProbeTokensNamed(tx, regionId, name);
      const { token } = await issueProbeToken(tx, regionId, name);
      return { code: 0, stdout: token };
    }),
  );
}

/** A command-line outcome: what to print, where, and the exit code. */
interface Outcome {
  code: number;
  stdout?: string;
  stderr?: string;
}

/** Grants or revokes the platform-operator flag of an existing account. */
async function setOperatorFlag(email: string, isOperator: boolean): Promise<Outcome> {
  return withDatabase(async (db) => {
    const normalized = email.trim().toLowerCase();
    if (!(await setOperator(db, normalized, isOperator))) {
      return { code: 1, stderr: `no account with email ${normalized}` };
    }
    const line = isOperator
      ? `${normalized} is now a platform operator`
      : `${normalized} is no longer a platform operator`;
    return { code: 0, stdout: line };
  });
}

/** Runs one command (see `usage`). */
async function runCli(args: readonly string[]): Promise<Outcome> {
  const [area, command, first, second, ...rest] = args;
  const isAdmin = area === 'admin' && (command === 'grant' || command === 'revoke') && first && !second;
  const isRotate = area === 'probes' && command === 'rotate-token' && first && second && rest.length === 0;
  if (!isAdmin && !isRotate) return { code: 2, stderr: usage };
  try {
    if (isRotate) return await rotateProbeToken(first, second);
    return await setOperatorFlag(first, command === 'grant');
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : `failed: ${String(error)}`;
    return { code: 1, stderr: message };
  }
}

const outcome = await runCli(process.argv.slice(2));
if (outcome.stdout) process.stdout.write(`${outcome.stdout}\n`);
if (outcome.stderr) process.stderr.write(`${outcome.stderr}\n`);
process.exitCode = outcome.code;
