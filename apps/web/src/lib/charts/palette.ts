/**
 * Series colours that stay apart for colour-blind readers (Okabe–Ito order) with enough contrast on
 * the light and the dark surface; the dark set is lighter.
 */
const light = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#B8860B', '#56B4E9', '#7F3C8D', '#5B6472'];
const dark = ['#5FB2F0', '#F0935E', '#3FCFA0', '#E39BC6', '#F0C24B', '#9AD0F5', '#B88BD6', '#A9B1BD'];

/** The colour of the `index`-th series in the light or dark scheme. */
export function seriesColor(index: number, darkScheme: boolean): string {
  const set = darkScheme ? dark : light;
  return set[index % set.length]!;
}

/** Whether the page is shown in the dark scheme right now. */
export function prefersDark(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
}

/** The value of a CSS custom property on the document (`--muted` → `#5b6472`). */
export function cssVar(name: string, fallback: string): string {
  if (typeof document === 'undefined') return fallback;
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}
