import type { StatusObject } from '@grpc/grpc-js';
import { type ChannelOptions, type ClientDuplexStream, credentials, Metadata, status } from '@grpc/grpc-js';
import {
  type Assignment,
  type ConnectRequest,
  type ConnectResponse,
  type Hello,
  ProbeServiceClient,
  type ProbeStatus,
  type Welcome,
} from '@vantage/proto';
import type { ResultBatch } from './buffer.ts';
import type { ControlPlaneTarget } from './config.ts';

/** What the session does with each control-plane message (the agent wires these to the scheduler). */
export interface SessionHandlers {
  welcome(welcome: Welcome): void;
  snapshot(assignments: Assignment[]): void;
  upsert(assignments: Assignment[]): void;
  remove(monitorIds: string[]): void;
  checkNow(checkRequestId: string, assignment: Assignment | undefined): void;
}

/** The unacknowledged-batch store the session re-sends from and acknowledges into. */
export interface BatchStore {
  unacked(): ResultBatch[];
  ack(batchId: string): boolean;
}

/** Where the stream is: connecting (first try or a retry in progress), connected (welcomed), waiting to retry, refused, stopped. */
export type SessionState = 'connecting' | 'connected' | 'disconnected' | 'refused' | 'stopped';

/** Every session state, for metrics that report each as its own series. */
export const sessionStates: readonly SessionState[] = [
  'connecting',
  'connected',
  'disconnected',
  'refused',
  'stopped',
];

/** Reconnect delays: full-jitter exponential backoff, and a slow retry after a refusal. */
export interface Backoff {
  initialMs: number;
  maxMs: number;
  refusedMs: number;
}

/** How to build a session. */
export interface SessionOptions {
  target: ControlPlaneTarget;
  token: string;
  /** The region the operator named (sent in Hello, so a token of another region is refused). */
  region: string | null;
  hello: Hello;
  store: BatchStore;
  handlers: SessionHandlers;
  backoff?: Backoff;
  /** A batch unacknowledged this long on a live stream is sent again (the store may have failed it). */
  ackTimeoutMs?: number;
  /** The probe's health, reported after each welcome and then every `statusIntervalMs` (operator console). */
  status?: () => ProbeStatus;
  statusIntervalMs?: number;
  log?: (line: string) => void;
}

/** Default reconnect delays: 0.5 s doubling to 30 s, full jitter; 60 s after the control plane refused us. */
export const defaultBackoff: Backoff = { initialMs: 500, maxMs: 30_000, refusedMs: 60_000 };

/** Default wait for an acknowledgement before re-sending a batch on the same stream. */
export const defaultAckTimeoutMs = 5_000;

/** Default interval between status reports (the control plane's presence refresh is 5 s too). */
export const defaultStatusIntervalMs = 5_000;

// Pings every 10 s, answer within 5 s: a dead control plane is noticed within 15 s.
const channelOptions: ChannelOptions = {
  'grpc.keepalive_time_ms': 10_000,
  'grpc.keepalive_timeout_ms': 5_000,
  'grpc.keepalive_permit_without_calls': 1,
};

// Statuses that mean "this probe is not welcome as it is" (bad token, wrong region, incompatible version).
const refusals = new Set<number>([
  status.UNAUTHENTICATED,
  status.PERMISSION_DENIED,
  status.FAILED_PRECONDITION,
]);

type Call = ClientDuplexStream<ConnectRequest, ConnectResponse>;

/** The probe's one long-lived gRPC stream to the control plane, reconnecting until stopped. */
export class ProbeSession {
  readonly #options: SessionOptions & {
    backoff: Backoff;
    ackTimeoutMs: number;
    statusIntervalMs: number;
    log: (line: string) => void;
  };
  readonly #client: ProbeServiceClient;
  #call: Call | null = null;
  #welcomed = false;
  #attempt = 0;
  #retryTimer: NodeJS.Timeout | null = null;
  #stopped = false;
  #closed: (() => void) | null = null;
  // Batch id → when it was last written to the stream, for re-sending unacknowledged batches.
  readonly #sentAtMs = new Map<string, number>();
  #resendTimer: NodeJS.Timeout | null = null;
  #statusTimer: NodeJS.Timeout | null = null;
  #state: SessionState = 'connecting';
  #lastError: string | null = null;

  /** Build a session; nothing connects before `start`. */
  constructor(options: SessionOptions) {
    this.#options = {
      ...options,
      backoff: options.backoff ?? defaultBackoff,
      ackTimeoutMs: options.ackTimeoutMs ?? defaultAckTimeoutMs,
      statusIntervalMs: options.statusIntervalMs ?? defaultStatusIntervalMs,
      log: options.log ?? (() => {}),
    };
    const channelCredentials = options.target.tls ? credentials.createSsl() : credentials.createInsecure();
    this.#client = new ProbeServiceClient(options.target.address, channelCredentials, channelOptions);
  }

  /** Whether the control plane has welcomed the current stream. */
  get connected(): boolean {
    return this.#welcomed;
  }

  /** The stream's state (health endpoint and metrics). */
  get state(): SessionState {
    return this.#state;
  }

  /** Why the last stream ended or failed (gRPC status and details); null before any failure. */
  get lastError(): string | null {
    return this.#lastError;
  }

  /** Open the stream (and keep reopening it after failures). */
  start(): void {
    this.#connect();
    const everyMs = Math.max(100, Math.min(1000, this.#options.ackTimeoutMs / 5));
    this.#resendTimer = setInterval(() => this.#resendOverdue(), everyMs).unref();
    if (this.#options.status) {
      this.#statusTimer = setInterval(() => this.#sendStatus(), this.#options.statusIntervalMs).unref();
    }
  }

  /** Send a sealed batch now if connected; otherwise it waits in the store for the next welcome. */
  send(batch: ResultBatch): void {
    if (this.#call === null || !this.#welcomed) return;
    this.#sentAtMs.set(batch.batchId, Date.now());
    this.#call.write({
      message: { $case: 'resultBatch', value: { batchId: batch.batchId, results: batch.results } },
    });
  }

  /** Close the stream politely (half-close, then cancel after `graceMs`) and stop reconnecting. */
  async stop(graceMs = 2000): Promise<void> {
    this.#stopped = true;
    this.#state = 'stopped';
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    if (this.#resendTimer !== null) clearInterval(this.#resendTimer);
    if (this.#statusTimer !== null) clearInterval(this.#statusTimer);
    const call = this.#call;
    if (call !== null) {
      const closed = new Promise<void>((resolve) => {
        this.#closed = resolve;
      });
      call.end();
      const timer = setTimeout(() => call.cancel(), graceMs);
      await closed;
      clearTimeout(timer);
    }
    this.#client.close();
  }

  #connect(): void {
    if (this.#stopped) return;
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${this.#options.token}`);
    const call = this.#client.connect(metadata);
    this.#call = call;
    this.#welcomed = false;
    this.#state = 'connecting';
    call.on('data', (message: ConnectResponse) => this.#onMessage(call, message));
    // Every failure also arrives as a 'status' event, handled there.
    call.on('error', () => {});
    call.on('status', (callStatus: StatusObject) => this.#onClosed(call, callStatus));
    call.write({ message: { $case: 'hello', value: this.#options.hello } });
  }

  #onMessage(call: Call, response: ConnectResponse): void {
    if (call !== this.#call || response.message === undefined) return;
    const { handlers, store, log } = this.#options;
    const message = response.message;
    switch (message.$case) {
      case 'welcome': {
        this.#welcomed = true;
        this.#state = 'connected';
        this.#attempt = 0;
        handlers.welcome(message.value);
        const batches = store.unacked();
        if (batches.length > 0) log(`re-sending ${batches.length} unacknowledged result batches`);
        for (const batch of batches) this.send(batch);
        this.#sendStatus();
        return;
      }
      case 'snapshot':
        handlers.snapshot(message.value.assignments);
        return;
      case 'upsert':
        handlers.upsert(message.value.assignments);
        return;
      case 'remove':
        handlers.remove(message.value.monitorIds);
        return;
      case 'checkNow':
        handlers.checkNow(message.value.checkRequestId, message.value.assignment);
        return;
      case 'ack':
        store.ack(message.value.batchId);
        this.#sentAtMs.delete(message.value.batchId);
        return;
    }
  }

  #sendStatus(): void {
    const { status: read } = this.#options;
    if (this.#call === null || !this.#welcomed || read === undefined) return;
    this.#call.write({ message: { $case: 'status', value: read() } });
  }

  // A failed insert is never acknowledged: without this, its batch would wait for the next reconnect.
  #resendOverdue(): void {
    if (this.#call === null || !this.#welcomed) return;
    const batches = this.#options.store.unacked();
    const live = new Set(batches.map((batch) => batch.batchId));
    for (const id of this.#sentAtMs.keys()) if (!live.has(id)) this.#sentAtMs.delete(id);
    const dueMs = Date.now() - this.#options.ackTimeoutMs;
    const overdue = batches.filter((batch) => (this.#sentAtMs.get(batch.batchId) ?? 0) <= dueMs);
    if (overdue.length === 0) return;
    this.#options.log(
      `re-sending ${overdue.length} result batches unacknowledged for ${this.#options.ackTimeoutMs} ms`,
    );
    for (const batch of overdue) this.send(batch);
  }

  #onClosed(call: Call, callStatus: StatusObject): void {
    if (call !== this.#call) return;
    const { backoff, log } = this.#options;
    this.#call = null;
    const wasWelcomed = this.#welcomed;
    this.#welcomed = false;
    if (this.#stopped) {
      this.#closed?.();
      return;
    }
    const reason = `${status[callStatus.code] ?? callStatus.code}: ${callStatus.details || 'no details'}`;
    this.#lastError = reason;
    let delayMs: number;
    if (refusals.has(callStatus.code)) {
      this.#state = 'refused';
      delayMs = backoff.refusedMs;
      log(`control plane refused this probe (${reason}); retrying in ${Math.round(delayMs / 1000)} s`);
    } else {
      this.#state = 'disconnected';
      if (wasWelcomed) this.#attempt = 0;
      delayMs = Math.random() * Math.min(backoff.maxMs, backoff.initialMs * 2 ** this.#attempt);
      this.#attempt = Math.min(this.#attempt + 1, 30);
      log(
        `${wasWelcomed ? 'disconnected' : 'could not connect'} (${reason}); retrying in ${Math.round(delayMs)} ms`,
      );
    }
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.#connect();
    }, delayMs);
  }
}
