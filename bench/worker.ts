import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { watchOverService } from '@vantage/testing';

/** A worker process that reported its first JSON line and keeps running until stopped. */
export interface RunningWorker<T> {
  report: T;
  stop(): Promise<void>;
}

/** Path of a script under bench/workers. */
export function workerPath(name: string): string {
  return fileURLToPath(new URL(`./workers/${name}`, import.meta.url));
}

/** `--cpu-prof` flags when BENCH_PROFILE_DIR is set, so any bench process can be profiled on demand. */
export function profileArgs(name: string): string[] {
  const dir = process.env.BENCH_PROFILE_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}-\${pid}.cpuprofile`] : [];
}

function spawnWorker(script: string, args: readonly string[], nodeArgs: readonly string[]): ChildProcess {
  const child = spawn(process.execPath, [...nodeArgs, ...profileArgs(script), workerPath(script), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The watchdog stops the worker even when the bench itself is killed.
  if (child.pid !== undefined) watchOverService(child.pid);
  return child;
}

/** Runs a worker to completion and parses the JSON of its last stdout line. */
export function runWorker<T>(script: string, args: readonly string[], nodeArgs: readonly string[] = []) {
  const child = spawnWorker(script, args, nodeArgs);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  return new Promise<T>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      const last = output.trim().split('\n').at(-1) ?? '';
      if (code !== 0) reject(new Error(`worker ${script} exited with ${code ?? signal}`));
      else resolve(JSON.parse(last) as T);
    });
  });
}

/** Starts a long-running worker and waits for its first JSON line (e.g. the ports it listens on). */
export function startWorker<T>(script: string, args: readonly string[]): Promise<RunningWorker<T>> {
  const child = spawnWorker(script, args, []);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const newline = output.indexOf('\n');
      if (newline < 0) return;
      child.stdout!.off('data', onData);
      const stop = async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await exited;
      };
      resolve({ report: JSON.parse(output.slice(0, newline)) as T, stop });
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`worker ${script} exited early with ${code}`)));
  });
}
