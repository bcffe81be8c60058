import { ConfigError, loadConfig } from './config.ts';
import { startControlPlane } from './server.ts';

/** Entry point: start from the environment, stop cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const running = await startControlPlane(loadConfig());
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await running.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError ? error.message : `control plane failed to start: ${String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
