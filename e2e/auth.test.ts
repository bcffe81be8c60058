import { useTestServices } from '@vantage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { screenshot } from './support/browser.ts';
import { startStack } from './support/stack.ts';

const services = await useTestServices();
const stack = await startStack(services);
afterAll(() => stack.stop());

describe('signing up and in', () => {
  it('registers, lands on the monitors page, signs out and back in', async () => {
    const { page, context } = await stack.newPage();
    await page.goto('/register');
    await page.getByLabel('Your name').fill('Ada');
    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByLabel('Organization').fill('Acme Web');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/app\/acme-web\/monitors/);
    await expect(page.getByRole('heading', { name: 'Monitors' }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'monitors-empty');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    await page.goto('/app/acme-web/monitors');
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByLabel('Password').fill('wrong password!!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/email or password/i);
    await expect(page.getByLabel('Email').inputValue()).resolves.toBe('ada@example.com');
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/app\/acme-web\/monitors$/);
    await context.close();
  });

  it('keeps what a visitor typed before the page finished loading its JavaScript', async () => {
    const { page, context } = await stack.newPage();
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Hold the app's scripts back, as a slow connection would, while the visitor types.
    await page.route('**/_app/immutable/**', async (route) => {
      await gate;
      await route.continue();
    });
    await page.goto('/register', { waitUntil: 'commit' });
    await page.getByLabel('Email').waitFor();
    await page.getByLabel('Email').fill('early@example.com');
    await page.getByLabel('Organization').fill('Early Org');
    release();
    await page.waitForLoadState('networkidle');
    await expect(page.getByLabel('Email').inputValue()).resolves.toBe('early@example.com');
    await expect(page.getByLabel('Organization').inputValue()).resolves.toBe('Early Org');
    await context.close();
  });

  it('shows the API field errors next to the fields and keeps what was typed', async () => {
    const { page, context } = await stack.newPage();
    await page.goto('/register');
    await page.getByLabel('Email').fill('not-an-email@');
    await page.getByLabel('Password').fill('short-pass-but-ok');
    await page.getByLabel('Organization').fill('Typed Org');
    // Bypass the browser's own email check so the API's field error is what the user sees.
    await page.locator('form').evaluate((form) => form.setAttribute('novalidate', ''));
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.locator('#f-email-error').textContent()).resolves.toMatch(/email/i);
    await expect(page.getByLabel('Organization').inputValue()).resolves.toBe('Typed Org');
    await context.close();
  });
});
