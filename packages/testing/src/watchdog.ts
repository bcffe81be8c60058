import { spawn } from 'node:child_process';

/**
 * Starts a detached shell that waits for this process to die, however it dies (even SIGKILL),
 * then stops the given service process and removes its scratch directory. Services started by
 * a crashed test run or launcher are therefore never left behind. The watchdog ends on its own
 * when the service stops first.
 */
export function watchOverService(servicePid: number, scratchDir?: string): void {
  const owner = process.pid;
  const cleanup = scratchDir ? `rm -rf '${scratchDir.replaceAll("'", '')}'` : 'true';
  const script = [
    `while kill -0 ${owner} 2>/dev/null && kill -0 ${servicePid} 2>/dev/null; do sleep 1; done`,
    `if kill -0 ${servicePid} 2>/dev/null; then kill -TERM ${servicePid}`,
    `for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 ${servicePid} 2>/dev/null || break; sleep 1; done`,
    `kill -KILL ${servicePid} 2>/dev/null; fi`,
    cleanup,
  ].join('; ');
  spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' }).unref();
}
