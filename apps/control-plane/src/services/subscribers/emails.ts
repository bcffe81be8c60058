import type { AlertEvent } from '@vantage/queue';

/** An email to a subscriber: subject, plain text, the same as HTML, and the List-Unsubscribe headers. */
export interface SubscriberEmail {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** The page an email is about, and the links it carries. */
export interface EmailContext {
  pageTitle: string;
  pageUrl: string;
  unsubscribeUrl: string;
  /** Names of the components concerned; empty = every component. */
  componentNames: string[];
}

/** Customer- and visitor-written text, safe inside HTML text and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

// One line per header value: a title with a line break must not start a new header or subject line.
const oneLine = (value: string) => value.replace(/[\r\n]+/g, ' ').trim();

/** RFC 2369 / RFC 8058: mail clients show an unsubscribe button that POSTs to the link. */
function unsubscribeHeaders(unsubscribeUrl: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

function footer(context: EmailContext): { text: string; html: string } {
  return {
    text: `\n--\nUnsubscribe: ${context.unsubscribeUrl}\n`,
    html: `<hr><p style="color:#667085;font-size:12px"><a href="${escapeHtml(context.unsubscribeUrl)}">Unsubscribe</a> from ${escapeHtml(context.pageTitle)} updates.</p>`,
  };
}

const following = (names: string[]) => (names.length > 0 ? names.join(', ') : 'all components');

/** The double opt-in email: nothing is sent to the address until its link is followed. */
export function confirmationEmail(context: EmailContext, confirmUrl: string): SubscriberEmail {
  const end = footer(context);
  const text = [
    `Confirm that you want updates from the ${context.pageTitle} status page (${following(context.componentNames)}):`,
    '',
    confirmUrl,
    '',
    'The link works for 7 days. If you did not ask for this, ignore this email: nothing will be sent.',
  ].join('\n');
  const html = [
    `<p>Confirm that you want updates from the <strong>${escapeHtml(context.pageTitle)}</strong> status page (${escapeHtml(following(context.componentNames))}).</p>`,
    `<p><a href="${escapeHtml(confirmUrl)}">Confirm subscription</a></p>`,
    '<p>The link works for 7 days. If you did not ask for this, ignore this email: nothing will be sent.</p>',
  ].join('\n');
  return {
    subject: oneLine(`Confirm your subscription to ${context.pageTitle} status updates`),
    text: `${text}\n${end.text}`,
    html: `${html}\n${end.html}`,
    headers: unsubscribeHeaders(context.unsubscribeUrl),
  };
}

/** An incident created / updated / resolved, as a subscriber's email. */
export function incidentEmail(context: EmailContext, event: AlertEvent): SubscriberEmail {
  const end = footer(context);
  const affected = context.componentNames.length > 0 ? `Affected: ${context.componentNames.join(', ')}` : '';
  const regions = event.regions.length > 0 ? `Regions: ${event.regions.join(', ')}` : '';
  const details = [affected, regions, `At: ${event.at}`].filter(Boolean).join('\n');
  const text = `${event.title}\n\n${event.summary}\n\n${details}\n\n${context.pageUrl}\n`;
  const html = [
    `<h2>${escapeHtml(event.title)}</h2>`,
    `<p style="white-space:pre-line">${escapeHtml(event.summary)}</p>`,
    affected ? `<p>${escapeHtml(affected)}</p>` : '',
    regions ? `<p>${escapeHtml(regions)}</p>` : '',
    `<p>At: ${escapeHtml(event.at)}</p>`,
    `<p><a href="${escapeHtml(context.pageUrl)}">View the ${escapeHtml(context.pageTitle)} status page</a></p>`,
  ]
    .filter(Boolean)
    .join('\n');
  return {
    subject: oneLine(`[${context.pageTitle}] ${event.title}`).slice(0, 300),
    text: `${text}${end.text}`,
    html: `${html}\n${end.html}`,
    headers: unsubscribeHeaders(context.unsubscribeUrl),
  };
}
