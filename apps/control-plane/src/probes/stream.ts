import { type ServerDuplexStream, status } from '@grpc/grpc-js';
import { findLiveProbeToken, findRegion, touchProbeToken } from '@vantage/db';
import type { CheckResult } from '@vantage/domain';
import {
  type ConnectRequest,
  type ConnectResponse,
  checkResultFromProto,
  checkResultToProto,
  type Hello,
  type ProbeStatus,
  type ResultBatch,
} from '@vantage/proto';
import type { AppContext } from '../context.ts';
import { hashSecret } from '../security/secrets.ts';
import { ResultRate } from './fleet.ts';
import type { ProbeHub, ProbeSession } from './hub.ts';
import { controlPlaneVersion, isCompatibleProbeVersion, supportedProbeMajor } from './version.ts';

/** Where durable results go; `submit` resolves once the batch is stored (then it is acknowledged). */
export interface ResultSubmitter {
  submit(batch: { batchId: string; probeId: string; region: string; results: CheckResult[] }): Promise<void>;
}

const helloTimeoutMs = 10_000;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Call = ServerDuplexStream<ConnectRequest, ConnectResponse>;

/** Refuses the stream with a gRPC status; the server keeps serving everyone else. */
function refuse(call: Call, code: status, details: string): void {
  call.emit('error', { code, details });
}

/** Serves one probe's Connect stream: authenticate, hello, assignments, result batches and acks. */
export function createConnectHandler(app: AppContext, hub: ProbeHub, ingest: ResultSubmitter) {
  return async (call: Call): Promise<void> => {
    // Listen from the first moment: messages that arrive while we authenticate are kept, not lost.
    const inbox = createInbox(call);
    const authorization = String(call.metadata.get('authorization')[0] ?? '');
    const token = /^Bearer (vp_[A-Za-z0-9_-]{20,100})$/.exec(authorization)?.[1];
    const probeToken = token ? await findLiveProbeToken(app.db, hashSecret(token)) : null;
    if (!token || !probeToken) return refuse(call, status.UNAUTHENTICATED, 'unknown or revoked probe token');
    const hello = await inbox.hello;
    if (!hello) return refuse(call, status.INVALID_ARGUMENT, 'the first message must be Hello');
    if (!isCompatibleProbeVersion(hello.probeVersion)) {
      return refuse(
        call,
        status.FAILED_PRECONDITION,
        `probe version ${hello.probeVersion} is not supported; this control plane speaks ${supportedProbeMajor}.x`,
      );
    }
    if (hello.region && hello.region !== probeToken.regionId) {
      return refuse(
        call,
        status.PERMISSION_DENIED,
        `this token is for region ${probeToken.regionId}, not ${hello.region}`,
      );
    }
    if (!uuidPattern.test(hello.probeId))
      return refuse(call, status.INVALID_ARGUMENT, 'probeId must be a UUID');
    const region = await findRegion(app.db, probeToken.regionId);
    if (!region)
      return refuse(call, status.PERMISSION_DENIED, `region ${probeToken.regionId} no longer exists`);
    await touchProbeToken(app.db, probeToken.id);

    const connectedAt = new Date();
    const session: ProbeSession = {
      probeId: hello.probeId,
      region: region.id,
      assigned: null,
      send: (message) => {
        if (!call.writableEnded) call.write(message);
      },
      close: (code, details) => refuse(call, code, details),
      stillAuthorized: async () => (await findLiveProbeToken(app.db, hashSecret(token))) !== null,
      vitals: {
        tokenId: probeToken.id,
        tokenName: probeToken.name,
        version: hello.probeVersion,
        hostname: hello.hostname,
        connectedAt,
        lastSeenAt: connectedAt,
        rate: new ResultRate(connectedAt.getTime()),
        status: null,
      },
    };
    const log = app.logger.child({ probeId: session.probeId, region: session.region });
    const gone = () => void hub.leave(session).catch((error) => log.warn({ err: error }, 'leave failed'));
    call.on('end', () => {
      gone();
      if (!call.writableEnded) call.end();
    });
    for (const event of ['cancelled', 'error', 'close']) call.on(event, gone);

    session.send({
      message: {
        $case: 'welcome',
        value: {
          region: region.id,
          allowPrivateTargets: app.config.allowPrivateTargets || region.orgId !== null,
          controlPlaneVersion,
        },
      },
    });
    await hub.join(session);
    log.info({ version: hello.probeVersion, hostname: hello.hostname }, 'probe connected');
    inbox.onMessage((message) => {
      session.vitals.lastSeenAt = new Date();
      if (message.$case === 'status') {
        session.vitals.status = statusOf(message.value);
        return;
      }
      const batch = message.value;
      if (!uuidPattern.test(batch.batchId))
        return refuse(call, status.INVALID_ARGUMENT, 'batchId must be a UUID');
      acceptBatch(session, batch).catch((error) =>
        log.warn({ err: error, batchId: batch.batchId }, 'batch not stored; the probe will send it again'),
      );
    });
  };

  /** Stores a batch (fields the server knows are stamped by the server), then acknowledges it. */
  async function acceptBatch(session: ProbeSession, batch: ResultBatch): Promise<void> {
    const results = batch.results
      .filter((result) => uuidPattern.test(result.resultId) && uuidPattern.test(result.monitorId))
      .map((result) => ({
        ...checkResultFromProto(result),
        region: session.region,
        probeId: session.probeId,
      }));
    for (const result of results.filter((candidate) => candidate.checkRequestId)) {
      await hub.publishCheckNowResult(checkResultToProto(result));
    }
    const scheduled = results.filter((result) => !result.checkRequestId);
    await ingest.submit({
      batchId: batch.batchId,
      probeId: session.probeId,
      region: session.region,
      results: scheduled,
    });
    session.send({ message: { $case: 'ack', value: { batchId: batch.batchId } } });
    session.vitals.rate.add(results.length);
  }
}

/** The part of a status report the console shows. */
function statusOf(report: ProbeStatus): ProbeSession['vitals']['status'] {
  return { bufferedResults: report.bufferedResults, droppedResults: report.droppedResults };
}

/** A message after Hello that the session handles (anything else is ignored, for newer probes). */
type SessionMessage = Extract<ConnectRequest['message'], { $case: 'resultBatch' | 'status' }>;

/** The stream's messages: the first must be Hello; batches and status reports wait until the session is ready. */
function createInbox(call: Call) {
  let resolveHello: (hello: Hello | null) => void = () => {};
  const hello = new Promise<Hello | null>((resolve) => {
    resolveHello = resolve;
  });
  const timer = setTimeout(() => resolveHello(null), helloTimeoutMs);
  let first = true;
  const early: SessionMessage[] = [];
  let deliver: ((message: SessionMessage) => void) | null = null;
  call.on('data', (request: ConnectRequest) => {
    if (first) {
      first = false;
      clearTimeout(timer);
      resolveHello(request.message?.$case === 'hello' ? request.message.value : null);
      return;
    }
    const message = request.message;
    if (message?.$case !== 'resultBatch' && message?.$case !== 'status') return;
    if (deliver) deliver(message);
    else early.push(message);
  });
  call.on('end', () => resolveHello(null));
  return {
    hello,
    onMessage(handler: (message: SessionMessage) => void) {
      deliver = handler;
      for (const message of early.splice(0)) handler(message);
    },
  };
}
