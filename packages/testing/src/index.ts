export { type HarnessConfig, readHarnessConfig } from './config.ts';
export { freePort, isPortInUse } from './free-port.ts';
export { type EmbeddedPostgresOptions, type RunningPostgres, startEmbeddedPostgres } from './postgres.ts';
export type { ProvidedServices } from './provided.ts';
export {
  findRedisServer,
  type RedisServerOptions,
  type RunningRedis,
  startRedisServer,
} from './redis-server.ts';
export { ServiceStartError } from './service-error.ts';
export { type TestServices, useTestServices } from './services.ts';
export { type CapturedMail, type SmtpCapture, startSmtpCapture } from './smtp-capture.ts';
export { watchOverService } from './watchdog.ts';
export { type ReceivedRequest, startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.ts';
