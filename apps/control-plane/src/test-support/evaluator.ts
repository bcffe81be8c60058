import { type AlertEvent, bullPrefix, queueNames } from '@vantage/queue';
import type { TestServices } from '@vantage/testing';
import { Queue } from 'bullmq';
import { afterAll } from 'vitest';
import { createEvaluator } from '../evaluator/evaluator.ts';
import { startTestControlPlane } from './control-plane.ts';
import { insertPlatformRegions } from './monitors.ts';

/** A control plane, an evaluator fed directly by the test, and the alert queue it fills; stopped after the file. */
export async function startEvaluatorFixture(services: TestServices) {
  const controlPlane = await startTestControlPlane(services);
  const evaluator = createEvaluator(controlPlane.context);
  const alertQueue = new Queue<AlertEvent>(queueNames.alertEvents, {
    connection: services.redis,
    prefix: bullPrefix(`${services.namespace}:`),
  });
  afterAll(async () => {
    await alertQueue.close();
    await evaluator.stop();
    await controlPlane.stop();
  });
  await insertPlatformRegions(services);
  return { controlPlane, evaluator, alertQueue, url: controlPlane.url };
}
