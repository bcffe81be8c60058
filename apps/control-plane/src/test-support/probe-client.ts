import { randomUUID } from 'node:crypto';
import { credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { type ConnectRequest, type ConnectResponse, ProbeServiceClient } from '@vantage/proto';

/** A bare protocol client standing in for a probe in control-plane tests. */
export interface FakeProbe {
  probeId: string;
  messages: ConnectResponse[];
  /** Resolves with the stream's final status (OK when it ended cleanly). */
  closed: Promise<{ code: number; details: string }>;
  send(request: ConnectRequest): void;
  /** The monitor ids currently assigned, from snapshot, upserts and removals seen so far. */
  assigned(): Set<string>;
  /** Polls (no fixed sleeps) until `predicate` holds over the messages, or fails after the deadline. */
  waitFor(predicate: (probe: FakeProbe) => boolean, timeoutMs?: number): Promise<void>;
  close(): void;
}

/** Connects to the control plane's gRPC port with a probe token and says Hello. */
export function connectFakeProbe(
  port: number,
  token: string,
  hello: { probeVersion?: string; region?: string; probeId?: string } = {},
): FakeProbe {
  const client = new ProbeServiceClient(`127.0.0.1:${port}`, credentials.createInsecure());
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  const call = client.connect(metadata);
  const probeId = hello.probeId ?? randomUUID();
  const messages: ConnectResponse[] = [];
  const closed = new Promise<{ code: number; details: string }>((resolve) => {
    call.on('error', (error: ServiceError) => resolve({ code: error.code, details: error.details }));
    call.on('status', (result) => {
      if (result.code === status.OK) resolve({ code: result.code, details: result.details });
    });
  });
  call.on('data', (message: ConnectResponse) => messages.push(message));
  call.write({
    message: {
      $case: 'hello',
      value: { probeVersion: hello.probeVersion ?? '1.0.0', probeId, hostname: 'test', region: hello.region },
    },
  });
  const probe: FakeProbe = {
    probeId,
    messages,
    closed,
    send: (request) => call.write(request),
    assigned() {
      const ids = new Set<string>();
      for (const { message } of messages) {
        if (message?.$case === 'snapshot') {
          ids.clear();
          for (const assignment of message.value.assignments) ids.add(assignment.monitorId);
        } else if (message?.$case === 'upsert') {
          for (const assignment of message.value.assignments) ids.add(assignment.monitorId);
        } else if (message?.$case === 'remove') {
          for (const id of message.value.monitorIds) ids.delete(id);
        }
      }
      return ids;
    },
    async waitFor(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(probe)) {
        if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close() {
      call.cancel();
      client.close();
    },
  };
  return probe;
}
