import type { TestServices } from '@vantage/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  startTestControlPlane,
  type TestControlPlane,
} from '../../apps/control-plane/src/test-support/control-plane.ts';
import { launchBrowser } from './browser.ts';
import { reserveWebPort, startTestWeb, type TestWeb } from './web.ts';

/** A control plane, the built dashboard in front of it, and a headless browser. */
export interface Stack {
  controlPlane: TestControlPlane;
  web: TestWeb;
  browser: Browser;
  /** A fresh browser context (its own cookies) with one page. */
  newPage(): Promise<{ context: BrowserContext; page: Page }>;
  stop(): Promise<void>;
}

/** Starts the stack for one test file on its isolated services; stop it in afterAll. */
export async function startStack(
  services: TestServices,
  options: { controlPlaneEnv?: Record<string, string>; webEnv?: Record<string, string> } = {},
): Promise<Stack> {
  const reserved = await reserveWebPort();
  const controlPlane = await startTestControlPlane(services, {
    WEB_URL: reserved.url,
    ...options.controlPlaneEnv,
  });
  const web = await startTestWeb({
    port: reserved.port,
    controlPlaneUrl: controlPlane.url,
    env: options.webEnv,
  });
  const browser = await launchBrowser();
  return {
    controlPlane,
    web,
    browser,
    async newPage() {
      const context = await browser.newContext({ baseURL: web.url, viewport: { width: 1280, height: 800 } });
      context.setDefaultTimeout(15_000);
      return { context, page: await context.newPage() };
    },
    async stop() {
      await browser.close();
      await web.stop();
      await controlPlane.stop();
    },
  };
}
