// A page's colors as CSS variables, with a readable text color on top of each.

const hexColor = /^#[0-9a-f]{6}$/i;

/** Relative luminance (WCAG) of a #rrggbb color. */
function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** Black or white, whichever reads better on `background`. */
export function textOn(background: string): string {
  return luminance(background) > 0.179 ? '#111111' : '#ffffff';
}

/** The `style` of a page's root: brand and accent colors (only well-formed ones) and text on them. */
export function brandingStyle(branding: { brandColor: string | null; accentColor: string | null }): string {
  const parts: string[] = [];
  if (branding.brandColor && hexColor.test(branding.brandColor)) {
    parts.push(`--brand: ${branding.brandColor}`, `--brand-text: ${textOn(branding.brandColor)}`);
  }
  if (branding.accentColor && hexColor.test(branding.accentColor)) {
    parts.push(`--accent: ${branding.accentColor}`, `--accent-text: ${textOn(branding.accentColor)}`);
  }
  return parts.join('; ');
}
