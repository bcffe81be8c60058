// Shields-style SVG badges ("flat"): a grey label and a colored message.
import { escapeXml } from './xml.ts';

/** Badge colors per state (WCAG AA with white text). */
export const badgeColors: Record<string, string> = {
  up: '#1a7f37',
  operational: '#1a7f37',
  degraded: '#9a6700',
  partial_outage: '#bc4c00',
  down: '#cf222e',
  major_outage: '#cf222e',
  maintenance: '#0969da',
  unknown: '#6e7781',
};

// Widths of Verdana 11 px glyphs (what shields.io measures with), for the common characters.
const narrow = new Set([..."fijlrtI!|.,:;'()[]{} "]);
const wide = new Set([...'mwMW%@']);

/** Approximate rendered width of `text` in Verdana 11 px. */
function textWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    if (narrow.has(char)) width += 4;
    else if (wide.has(char)) width += 10.5;
    else if (char >= 'A' && char <= 'Z') width += 7.5;
    else width += 6.6;
  }
  return Math.ceil(width);
}

/** A flat badge `label | message`, the message on `color`; the text is escaped. */
export function badgeSvg(label: string, message: string, color: string): string {
  const labelWidth = textWidth(label) + 10;
  const messageWidth = textWidth(message) + 10;
  const width = labelWidth + messageWidth;
  const title = escapeXml(`${label}: ${message}`);
  const l = escapeXml(label);
  const m = escapeXml(message);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${title}"><title>${title}</title><linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient><clipPath id="r"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath><g clip-path="url(#r)"><rect width="${labelWidth}" height="20" fill="#555"/><rect x="${labelWidth}" width="${messageWidth}" height="20" fill="${escapeXml(color)}"/><rect width="${width}" height="20" fill="url(#s)"/></g><g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11"><text x="${labelWidth / 2}" y="15" fill="#010101" fill-opacity=".3">${l}</text><text x="${labelWidth / 2}" y="14">${l}</text><text x="${labelWidth + messageWidth / 2}" y="15" fill="#010101" fill-opacity=".3">${m}</text><text x="${labelWidth + messageWidth / 2}" y="14">${m}</text></g></svg>`;
}
