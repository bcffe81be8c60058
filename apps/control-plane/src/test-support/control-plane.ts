import { type SmtpCapture, startSmtpCapture, type TestServices } from '@vantage/testing';
import { loadConfig } from '../config.ts';
import { type RunningControlPlane, type StartOptions, startControlPlane } from '../server.ts';

/** A control plane on real services plus the SMTP server that captures its mail. */
export interface TestControlPlane extends RunningControlPlane {
  mail: SmtpCapture;
}

/** Starts a control plane for a test file on its isolated services; stop it in afterAll. */
export async function startTestControlPlane(
  services: TestServices,
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<TestControlPlane> {
  const mail = await startSmtpCapture();
  const running = await startControlPlane(
    loadConfig({
      PORT: '0',
      GRPC_PORT: '0',
      DATABASE_URL: services.databaseUrl,
      CLICKHOUSE_DATA_DIR: ':memory:',
      CLICKHOUSE_DATABASE: services.results.database,
      REDIS_URL: services.redisUrl,
      REDIS_KEY_PREFIX: `${services.namespace}:`,
      LOG_LEVEL: 'silent',
      SMTP_URL: mail.url,
      APP_KEY: Buffer.alloc(32, 7).toString('base64'),
      // Tests register many accounts from one address; the rate-limit tests set their own limits.
      RATE_LIMIT_REGISTER: '1000/3600',
      RATE_LIMIT_LOGIN: '1000/900',
      ...env,
    }),
    options,
  );
  return {
    ...running,
    mail,
    async stop() {
      await running.stop();
      await mail.stop();
    },
  };
}
