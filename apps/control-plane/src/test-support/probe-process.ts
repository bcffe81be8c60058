import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { watchOverService } from '@vantage/testing';

/** The repository root (the probe is started from there, as the launcher does). */
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** A real `vantage-probe` child process and the log lines it wrote. */
export interface ProbeProcess {
  child: ChildProcess;
  /** Every stderr line so far, in order. */
  lines: string[];
  /** Resolves with the exit code (or the signal name) once the process has exited. */
  exited: Promise<number | string>;
  /** Waits until at least `count` log lines match `pattern`. */
  waitForLine(pattern: RegExp, count?: number, timeoutMs?: number): Promise<void>;
  /** SIGTERM (graceful: seal the open batch, wait for acks) and wait for the exit. */
  stop(): Promise<number | string>;
  /** SIGKILL (everything in memory is lost) and wait for the exit. */
  kill(): Promise<number | string>;
}

/** Options of a probe process: where the control plane listens and the probe's identity. */
export interface ProbeProcessOptions {
  grpcPort: number;
  token: string;
  region: string;
  /** More flags (`--metrics-port 0`, `--state-dir …`). */
  args?: string[];
}

/** Starts `apps/probe/src/main.ts` under this Node; a watchdog kills it if the test process dies. */
export function startProbeProcess(options: ProbeProcessOptions): ProbeProcess {
  const args = ['apps/probe/src/main.ts', '--control-plane', `127.0.0.1:${options.grpcPort}`];
  args.push('--token', options.token, '--region', options.region, ...(options.args ?? []));
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  if (child.pid === undefined) throw new Error('the probe process did not start');
  watchOverService(child.pid);
  const lines: string[] = [];
  let partial = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const end = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return {
    child,
    lines,
    exited,
    async waitForLine(pattern, count = 1, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (lines.filter((line) => pattern.test(line)).length < count) {
        if (Date.now() > deadline) {
          throw new Error(`probe did not log ${pattern} ×${count} in ${timeoutMs} ms:\n${lines.join('\n')}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
  };
}
