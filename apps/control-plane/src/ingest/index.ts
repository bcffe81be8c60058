export { type HeartbeatSweeper, startHeartbeatSweeper, sweepMissedHeartbeats } from './heartbeat-sweeper.ts';
export { type MonitorOwner, retentionDaysOf } from './monitor-owners.ts';
export {
  createResultIngest,
  type IngestStats,
  type ResultBatch,
  type ResultIngest,
  type ResultIngestOptions,
} from './result-ingest.ts';
export { LatestResultStore, noopResultSink, type ResultSink } from './result-sink.ts';
