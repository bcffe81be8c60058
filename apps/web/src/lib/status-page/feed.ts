// RSS 2.0 and Atom feeds of a page's incidents.
import { impactLabels, incidentStatusLabels } from './format.ts';
import type { PublicIncident } from './types.ts';
import { escapeXml } from './xml.ts';

/** What a feed is made of. */
export interface FeedInput {
  title: string;
  description: string;
  /** The page's absolute URL (`https://status.acme.com` or `https://vantage.example/s/acme`). */
  pageUrl: string;
  /** The feed's own absolute URL. */
  feedUrl: string;
  /** Newest first. */
  incidents: PublicIncident[];
  generatedAt: string;
}

const maxItems = 50;

/** Where an incident is shown: its entry on the history page. */
export function incidentUrl(pageUrl: string, incident: PublicIncident): string {
  return `${pageUrl}/history#incident-${incident.id}`;
}

/** An incident's updates (newest first) as HTML, every customer-written text escaped. */
function incidentHtml(incident: PublicIncident): string {
  const header = `<p><strong>Impact:</strong> ${escapeXml(impactLabels[incident.impact] ?? incident.impact)}${
    incident.affectedRegions.length > 0
      ? ` · <strong>Regions:</strong> ${escapeXml(incident.affectedRegions.join(', '))}`
      : ''
  }</p>`;
  const updates = [...incident.updates]
    .reverse()
    .map(
      (update) =>
        `<p><strong>${escapeXml(incidentStatusLabels[update.status] ?? update.status)}</strong> (${escapeXml(
          update.createdAt,
        )}) — ${escapeXml(update.message)}</p>`,
    );
  return header + updates.join('');
}

/** When an incident last changed. */
function updatedAt(incident: PublicIncident): string {
  const times = [incident.resolvedAt ?? incident.startedAt, ...incident.updates.map((u) => u.createdAt)];
  return times.sort().at(-1)!;
}

function sortedIncidents(input: FeedInput): PublicIncident[] {
  return [...input.incidents].sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, maxItems);
}

function itemTitle(incident: PublicIncident): string {
  const status = incidentStatusLabels[incident.status] ?? incident.status;
  return `${incident.title} [${status}]`;
}

/** RSS 2.0 (with an atom:link to itself, as validators ask). */
export function rssFeed(input: FeedInput): string {
  const rfc822 = (iso: string) => new Date(iso).toUTCString();
  const items = sortedIncidents(input).map(
    (incident) => `    <item>
      <title>${escapeXml(itemTitle(incident))}</title>
      <link>${escapeXml(incidentUrl(input.pageUrl, incident))}</link>
      <guid isPermaLink="false">urn:uuid:${escapeXml(incident.id)}</guid>
      <pubDate>${rfc822(incident.startedAt)}</pubDate>
      <description>${escapeXml(incidentHtml(incident))}</description>
    </item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${escapeXml(`${input.title} — incidents`)}</title>
    <link>${escapeXml(input.pageUrl)}</link>
    <description>${escapeXml(input.description || `Incidents reported on ${input.title}`)}</description>
    <atom:link href="${escapeXml(input.feedUrl)}" rel="self" type="application/rss+xml"/>
    <lastBuildDate>${rfc822(input.generatedAt)}</lastBuildDate>
    <ttl>1</ttl>
${items.join('\n')}
  </channel>
</rss>
`;
}

/** Atom 1.0. */
export function atomFeed(input: FeedInput): string {
  const incidents = sortedIncidents(input);
  const updated = incidents.map(updatedAt).sort().at(-1) ?? input.generatedAt;
  const entries = incidents.map(
    (incident) => `  <entry>
    <id>urn:uuid:${escapeXml(incident.id)}</id>
    <title>${escapeXml(itemTitle(incident))}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(incidentUrl(input.pageUrl, incident))}"/>
    <published>${escapeXml(incident.startedAt)}</published>
    <updated>${escapeXml(updatedAt(incident))}</updated>
    <content type="html">${escapeXml(incidentHtml(incident))}</content>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${escapeXml(input.feedUrl)}</id>
  <title>${escapeXml(`${input.title} — incidents`)}</title>
  <subtitle>${escapeXml(input.description || `Incidents reported on ${input.title}`)}</subtitle>
  <link rel="self" type="application/atom+xml" href="${escapeXml(input.feedUrl)}"/>
  <link rel="alternate" type="text/html" href="${escapeXml(input.pageUrl)}"/>
  <updated>${escapeXml(updated)}</updated>
  <author><name>${escapeXml(input.title)}</name></author>
${entries.join('\n')}
</feed>
`;
}
