// Escaping for XML and HTML text built by hand (feeds, badges, the embed): everything customer-written
// goes through here.

/** Characters XML 1.0 does not allow at all (control characters other than tab, newline, return). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML forbids, matched to drop them.
const invalidXmlChars = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text or attribute value safe inside XML and HTML: `& < > " '` escaped, invalid characters dropped. */
export function escapeXml(text: string): string {
  return text
    .replace(invalidXmlChars, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** JSON safe to embed anywhere: `<`, `>`, `&` and line separators as \u escapes. */
export function safeJson(value: unknown, space?: number): string {
  return JSON.stringify(value, null, space).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
