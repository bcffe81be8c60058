import { createDatabasePool, migrateDatabase, setOperator } from '@vantage/db';
import { ConfigError, loadConfig } from './config.ts';

const usage = 'usage: vantage admin grant <email> | vantage admin revoke <email>';

/** A command-line outcome: what to print, where, and the exit code. */
interface Outcome {
  code: number;
  stdout?: string;
  stderr?: string;
}

/** Grants or revokes the platform-operator flag of an existing account. */
async function setOperatorFlag(email: string, isOperator: boolean): Promise<Outcome> {
  const config = loadConfig();
  // Only Postgres is needed here: Redis and ClickHouse need not be reachable.
  await migrateDatabase(config.databaseUrl);
  const db = await createDatabasePool(config.databaseUrl, { maximumPoolSize: 1 });
  try {
    const normalized = email.trim().toLowerCase();
    if (!(await setOperator(db, normalized, isOperator))) {
      return { code: 1, stderr: `no account with email ${normalized}` };
    }
    const line = isOperator
      ? `${normalized} is now a platform operator`
      : `${normalized} is no longer a platform operator`;
    return { code: 0, stdout: line };
  } finally {
    await db.end();
  }
}

/** Runs one command: `admin grant <email>` or `admin revoke <email>`. */
async function runCli(args: readonly string[]): Promise<Outcome> {
  const [area, command, email, ...rest] = args;
  if (area !== 'admin' || (command !== 'grant' && command !== 'revoke') || !email || rest.length > 0) {
    return { code: 2, stderr: usage };
  }
  try {
    return await setOperatorFlag(email, command === 'grant');
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : `failed: ${String(error)}`;
    return { code: 1, stderr: message };
  }
}

const outcome = await runCli(process.argv.slice(2));
if (outcome.stdout) process.stdout.write(`${outcome.stdout}\n`);
if (outcome.stderr) process.stderr.write(`${outcome.stderr}\n`);
process.exitCode = outcome.code;
