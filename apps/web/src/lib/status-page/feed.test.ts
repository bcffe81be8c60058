import { describe, expect, it } from 'vitest';
import { badgeSvg } from './badge.ts';
import { atomFeed, rssFeed } from './feed.ts';
import type { PublicIncident } from './types.ts';
import { safeJson } from './xml.ts';

const incident: PublicIncident = {
  id: '8f2b1f1e-4a51-4b8e-9d7e-2b8f9a0c6d11',
  title: 'API <script>alert(1)</script> & "friends"',
  status: 'identified',
  impact: 'major',
  startedAt: '2025-03-12T10:15:00.000Z',
  resolvedAt: null,
  affectedRegions: ['us-east'],
  componentIds: [],
  updates: [
    {
      id: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
      status: 'identified',
      message: 'Router <img src=x onerror=alert(1)> in us-east\u0000',
      createdAt: '2025-03-12T10:20:00.000Z',
    },
  ],
};
const input = {
  title: 'Acme <b>status</b>',
  description: '',
  pageUrl: 'https://status.acme.test',
  feedUrl: 'https://status.acme.test/feed.rss',
  incidents: [incident],
  generatedAt: '2025-03-12T11:00:00.000Z',
};

describe('incident feeds', () => {
  it.each([
    ['RSS', rssFeed],
    ['Atom', atomFeed],
  ])('%s escapes everything customer-written', (_, build) => {
    const xml = build(input);
    // No markup from incident text survives as markup; in the HTML body it stays text after unescaping.
    expect(xml).not.toMatch(/<(script|img|b)\b/);
    expect(xml).not.toMatch(/&lt;img\b/);
    expect(xml).toContain('API &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot;');
    expect(xml).toContain('&amp;lt;img src=x onerror=alert(1)&amp;gt;');
    expect(xml).not.toContain('\u0000');
    expect(xml).toContain('https://status.acme.test/history#incident-8f2b1f1e-4a51-4b8e-9d7e-2b8f9a0c6d11');
  });

  it('RSS carries dates in RFC 822 and Atom in RFC 3339', () => {
    expect(rssFeed(input)).toContain('<pubDate>Wed, 12 Mar 2025 10:15:00 GMT</pubDate>');
    expect(atomFeed(input)).toContain('<updated>2025-03-12T10:20:00.000Z</updated>');
  });
});

describe('badges and JSON', () => {
  it('escapes the label and message of a badge', () => {
    const svg = badgeSvg('<API>', 'up & "fine"', '#1a7f37');
    expect(svg).toContain('&lt;API&gt;');
    expect(svg).toContain('up &amp; &quot;fine&quot;');
    expect(svg).not.toContain('<API>');
  });

  it('writes JSON that cannot close a script tag it is embedded in', () => {
    const text = safeJson({ title: '</script><script>alert(1)</script>' });
    expect(text).not.toContain('<');
    expect(JSON.parse(text)).toEqual({ title: '</script><script>alert(1)</script>' });
  });
});
