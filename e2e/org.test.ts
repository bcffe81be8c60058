import { useTestServices } from '@vantage/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './support/browser.ts';
import { startStack } from './support/stack.ts';

const services = await useTestServices();
const stack = await startStack(services);
afterAll(() => stack.stop());

// Typing into a server-rendered form before its JavaScript has hydrated it can be wiped: navigations wait
// until the page's scripts have loaded.
const hydrated = { waitUntil: 'networkidle' } as const;

const owner = { name: 'Olga Owner', email: 'olga@orbit.test', password: 'owner password 1' };
const org = { name: 'Orbit Labs', slug: 'orbit-labs' };

/** The link a captured email carries (they point at the dashboard). */
function linkIn(text: string): string {
  const link = text.match(/https?:\/\/\S+/)?.[0];
  if (!link) throw new Error(`no link in the email:\n${text}`);
  return link;
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login', hydrated);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/app\//);
}

beforeAll(async () => {
  const { page, context } = await stack.newPage();
  await page.goto('/register', hydrated);
  await page.getByLabel('Your name').fill(owner.name);
  await page.getByLabel('Email').fill(owner.email);
  await page.getByLabel('Password').fill(owner.password);
  await page.getByLabel('Organization').fill(org.name);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(`**/app/${org.slug}/monitors**`);
  await context.close();
});

describe('members and invitations', () => {
  it('invites a new person, who registers from the emailed link and sees the organization', {
    timeout: 60_000,
  }, async () => {
    const { page, context } = await stack.newPage();
    await signIn(page, owner.email, owner.password);
    await page.goto(`/app/${org.slug}/settings/members`, hydrated);
    await page.getByLabel('Email').fill('nina@orbit.test');
    await page.getByLabel('Role', { exact: true }).selectOption('member');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toMatch(
      /invitation sent to nina@orbit\.test/i,
    );
    const pending = page.getByRole('row', { name: /nina@orbit\.test/ });
    await pending.waitFor();
    // The form is cleared for the next invitation.
    await expect(page.getByLabel('Email').inputValue()).resolves.toBe('');
    await screenshot(page, 'members');

    const mail = await stack.controlPlane.mail.waitFor('nina@orbit.test', /invited/);
    const link = linkIn(mail.text);
    expect(link.startsWith(stack.web.url)).toBe(true);

    const invitee = await stack.newPage();
    await invitee.page.goto(link, hydrated);
    await invitee.page.getByLabel('Your name').fill('Nina New');
    await invitee.page.getByLabel('Email').fill('nina@orbit.test');
    await invitee.page.getByLabel('Password').fill('nina password 1');
    await invitee.page.getByRole('button', { name: 'Create account and join' }).click();
    await invitee.page.waitForURL(`**/app/${org.slug}/monitors**`);
    await invitee.page.goto(`/app/${org.slug}/settings/members`, hydrated);
    const olgaRow = invitee.page.getByRole('row', { name: /olga@orbit\.test/ });
    await expect(olgaRow.textContent()).resolves.toMatch(/owner/i);
    // A member sees the list but no controls to change it.
    await expect(invitee.page.getByRole('button', { name: 'Send invitation' }).count()).resolves.toBe(0);
    await expect(invitee.page.getByRole('button', { name: 'Remove' }).count()).resolves.toBe(0);

    // Signing out and in again as the new member opens the same organization.
    await invitee.page.getByRole('button', { name: 'Sign out' }).click();
    await invitee.page.waitForURL(/\/login/);
    await signIn(invitee.page, 'nina@orbit.test', 'nina password 1');
    await invitee.page.goto(`/app/${org.slug}/monitors`, hydrated);
    await expect(invitee.page.getByRole('heading', { name: 'Monitors' }).isVisible()).resolves.toBe(true);
    await invitee.context.close();

    // The owner sees the new member where the invitation was, and can change their role.
    await page.reload(hydrated);
    await expect(page.getByRole('row', { name: /nina@orbit\.test/ }).count()).resolves.toBe(1);
    await page.getByLabel('Role of nina@orbit.test').selectOption('viewer');
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/now viewer/i);
    await context.close();
  });

  it('lets someone with an account sign in from the invitation and join, keeping the email after a wrong password', {
    timeout: 60_000,
  }, async () => {
    const existing = await stack.newPage();
    await existing.page.goto('/register', hydrated);
    await existing.page.getByLabel('Email').fill('max@elsewhere.test');
    await existing.page.getByLabel('Password').fill('max password 12');
    await existing.page.getByLabel('Organization').fill('Elsewhere');
    await existing.page.getByRole('button', { name: 'Create account' }).click();
    await existing.page.waitForURL(/\/app\/elsewhere\//);
    await existing.context.close();

    const { page, context } = await stack.newPage();
    await signIn(page, owner.email, owner.password);
    await page.goto(`/app/${org.slug}/settings/members`, hydrated);
    await page.getByLabel('Email').fill('max@elsewhere.test');
    await page.getByLabel('Role', { exact: true }).selectOption('admin');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByRole('row', { name: /max@elsewhere\.test/ }).waitFor();
    await context.close();

    const mail = await stack.controlPlane.mail.waitFor('max@elsewhere.test', /invited/);
    const invitee = await stack.newPage();
    await invitee.page.goto(linkIn(mail.text), hydrated);
    await invitee.page.getByRole('tab', { name: 'I have an account' }).click();
    await invitee.page.getByRole('button', { name: 'Sign in and join' }).waitFor();
    await invitee.page.getByLabel('Email').fill('max@elsewhere.test');
    await invitee.page.getByLabel('Password').fill('not the password');
    await invitee.page.getByRole('button', { name: 'Sign in and join' }).click();
    await expect(invitee.page.getByRole('alert').textContent()).resolves.toMatch(/email or password/i);
    await expect(invitee.page.getByLabel('Email').inputValue()).resolves.toBe('max@elsewhere.test');
    await invitee.page.getByLabel('Password').fill('max password 12');
    await invitee.page.getByRole('button', { name: 'Sign in and join' }).click();
    await invitee.page.waitForURL(`**/app/${org.slug}/monitors**`);
    await invitee.page.goto(`/app/${org.slug}/settings/members`, hydrated);
    await expect(invitee.page.getByRole('button', { name: 'Send invitation' }).isVisible()).resolves.toBe(
      true,
    );
    await invitee.context.close();
  });

  it('tells the visitor when an invitation link is no longer valid', async () => {
    const { page, context } = await stack.newPage();
    await signIn(page, owner.email, owner.password);
    await page.goto('/invitations/accept?token=not-a-real-invitation-token', hydrated);
    await page.getByRole('button', { name: 'Accept invitation' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(
      /invalid, expired, revoked or already used/i,
    );
    await context.close();
  });
});

describe('API keys', () => {
  it('shows a new key once, and the key works until it is revoked', async () => {
    const { page, context } = await stack.newPage();
    await signIn(page, owner.email, owner.password);
    await page.goto(`/app/${org.slug}/settings/api-keys`, hydrated);
    await page.getByLabel('Name').fill('CI deploys');
    await page.getByLabel('Role', { exact: true }).selectOption('member');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secretBox = page.getByLabel('Secret');
    await secretBox.waitFor();
    const secret = await secretBox.inputValue();
    expect(secret).toMatch(/^vk_/);
    await expect(page.getByRole('button', { name: 'Copy' }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'api-keys');

    const monitors = `${stack.controlPlane.url}/api/v1/orgs/${org.slug}/monitors`;
    const withKey = () => fetch(monitors, { headers: { authorization: `Bearer ${secret}` } });
    await expect(withKey().then((response) => response.status)).resolves.toBe(200);

    // Once: a reload shows the key by its prefix only.
    await page.reload(hydrated);
    await expect(page.content()).resolves.not.toContain(secret);
    const row = page.getByRole('row', { name: /CI deploys/ });
    await expect(row.textContent()).resolves.toContain(secret.slice(0, 10));

    page.once('dialog', (dialog) => dialog.accept());
    await row.getByRole('button', { name: 'Revoke' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/revoked/i);
    await expect(page.getByRole('row', { name: /CI deploys/ }).count()).resolves.toBe(0);
    await expect(withKey().then((response) => response.status)).resolves.toBe(401);
    await context.close();
  });
});

describe('audit log and organization settings', () => {
  it('renames the organization and lists what happened in the audit log', async () => {
    const { page, context } = await stack.newPage();
    await signIn(page, owner.email, owner.password);
    await page.goto(`/app/${org.slug}/settings`, hydrated);
    await page.getByLabel('Name').fill('');
    await page.getByLabel('Name').fill('Orbit Labs GmbH');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/renamed/i);

    await page.goto(`/app/${org.slug}/settings/audit-log`, hydrated);
    const log = page.locator('table');
    await expect(log.textContent()).resolves.toContain('organization.update');
    await expect(log.textContent()).resolves.toContain('invitation.create');
    await expect(log.textContent()).resolves.toContain(owner.email);
    await screenshot(page, 'audit-log');
    await context.close();
  });

  it('shows the plan without limits on a self-hosted install', async () => {
    const { page, context } = await stack.newPage();
    await signIn(page, owner.email, owner.password);
    await page.goto(`/app/${org.slug}/settings/billing`, hydrated);
    await expect(page.locator('main').textContent()).resolves.toMatch(/self-hosted/i);
    await screenshot(page, 'billing-self-hosted');
    await context.close();
  });
});

describe('email verification', () => {
  it('sends the verification link again, and opening it verifies the address', async () => {
    const { page, context } = await stack.newPage();
    await signIn(page, owner.email, owner.password);
    await page.getByRole('link', { name: 'Send it again' }).click();
    await page.getByRole('button', { name: 'Send the link again' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/on its way to olga@orbit\.test/);

    const verificationMails = () =>
      stack.controlPlane.mail.messages.filter(
        (m) => m.to.includes(owner.email) && /confirm your email/i.test(m.subject),
      );
    await expect.poll(() => verificationMails().length).toBeGreaterThanOrEqual(2);
    const link = linkIn(verificationMails().at(-1)?.text ?? '');
    await page.goto(link, hydrated);
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/verified/i);
    await page.goto(`/app/${org.slug}/settings/account`, hydrated);
    await expect(page.getByText('Please verify your email address').count()).resolves.toBe(0);
    await expect(page.getByRole('region', { name: 'Profile' }).textContent()).resolves.not.toMatch(
      /not verified/,
    );

    // The same link a second time is refused, and says so.
    await page.goto(link, hydrated);
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/already verified/i);
    await context.close();
  });
});

describe('passwords', () => {
  it('refuses a password change with the wrong current password, next to the field', async () => {
    const { page, context } = await stack.newPage();
    await signIn(page, owner.email, owner.password);
    await page.goto(`/app/${org.slug}/settings/account`, hydrated);
    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel('New password', { exact: true }).fill('a different password');
    await page.getByLabel('Repeat the new password').fill('a different password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.locator('#f-currentPassword-error').textContent()).resolves.toMatch(/wrong password/i);
    await context.close();
  });

  it('resets a forgotten password from the emailed link and signs in with the new one', {
    timeout: 60_000,
  }, async () => {
    const { page, context } = await stack.newPage();
    await page.goto('/login', hydrated);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    await page.getByLabel('Email').fill(owner.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/on its way/i);

    const mail = await stack.controlPlane.mail.waitFor(owner.email, /reset/i);
    const link = linkIn(mail.text);
    expect(link.startsWith(`${stack.web.url}/reset-password?token=`)).toBe(true);
    await page.goto(link, hydrated);
    await page.getByLabel('New password', { exact: true }).fill('brand new password');
    await page.getByLabel('Repeat the new password').fill('brand new passw0rd');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect(page.locator('#f-confirmPassword-error').textContent()).resolves.toMatch(/do not match/i);
    await page.getByLabel('New password', { exact: true }).fill('brand new password');
    await page.getByLabel('Repeat the new password').fill('brand new password');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByRole('link', { name: 'Sign in with the new password' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();

    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/email or password/i);
    await page.getByLabel('Password').fill('brand new password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/app\//);

    // The link works once.
    await page.goto(link, hydrated);
    await page.getByLabel('New password', { exact: true }).fill('another password!');
    await page.getByLabel('Repeat the new password').fill('another password!');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/invalid, already used or expired/i);
    owner.password = 'brand new password';
    await context.close();
  });
});
