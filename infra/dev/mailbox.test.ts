import nodemailer from 'nodemailer';
import { afterAll, describe, expect, it } from 'vitest';
import { startMailbox } from './mailbox.ts';

const mailbox = await startMailbox({ smtpPort: 0, httpPort: 0, keep: 3 });
afterAll(() => mailbox.stop());
const transport = nodemailer.createTransport(mailbox.smtpUrl);
afterAll(() => transport.close());

describe('launcher mailbox', () => {
  it('shows caught mail on its page, newest first, escaped, keeping only the latest', async () => {
    for (const n of [1, 2, 3, 4]) {
      await transport.sendMail({
        from: 'Vantage <no-reply@vantage.local>',
        to: 'oncall@example.com',
        subject: `Homepage <b>down</b> #${n}`,
        text: `Alert number ${n}`,
      });
    }
    const page = await (await fetch(mailbox.pageUrl)).text();
    expect(page).toContain('Homepage &#60;b&#62;down&#60;/b&#62; #4');
    expect(page).toContain('oncall@example.com');
    expect(page).toContain('Alert number 4');
    expect(page.indexOf('#4')).toBeLessThan(page.indexOf('#3'));
    expect(page).not.toContain('#1');
    const json = (await (await fetch(`${mailbox.pageUrl}messages.json`)).json()) as { subject: string }[];
    expect(json.map((message) => message.subject)).toEqual([
      'Homepage <b>down</b> #4',
      'Homepage <b>down</b> #3',
      'Homepage <b>down</b> #2',
    ]);
  });
});
