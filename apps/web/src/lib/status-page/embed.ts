// The embeddable widget: a tiny HTML document for an iframe, and a script that inserts that iframe.
import { overallLabels, overallStateClass } from './format.ts';
import { escapeXml, safeJson } from './xml.ts';

const colors: Record<string, string> = {
  's-up': '#1a7f37',
  's-degraded': '#9a6700',
  's-down': '#cf222e',
  's-maintenance': '#0969da',
};

/** Size of the widget's iframe. */
export const embedSize = { width: 260, height: 44 };

/** The iframe document: the overall state, linking to the page (opens outside the frame). */
export function embedHtml(input: { title: string; overall: string; pageUrl: string; theme: string }): string {
  const state = overallStateClass[input.overall] ?? 's-up';
  const label = overallLabels[input.overall] ?? input.overall;
  const scheme = input.theme === 'dark' ? 'dark' : input.theme === 'light' ? 'light' : 'light dark';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta name="robots" content="noindex"><title>${escapeXml(input.title)}: ${escapeXml(label)}</title>
<style>
:root{color-scheme:${scheme}}
body{margin:0;font:14px/1.3 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:transparent}
a{display:flex;align-items:center;gap:.5rem;height:${embedSize.height - 4}px;padding:0 .75rem;border:1px solid #d0d7de;border-radius:8px;text-decoration:none;color:CanvasText;background:Canvas;box-sizing:border-box;overflow:hidden;white-space:nowrap;text-overflow:ellipsis}
a:focus-visible{outline:2px solid #0969da;outline-offset:-3px}
.dot{width:.7rem;height:.7rem;border-radius:50%;background:${colors[state]};flex:none}
small{opacity:.7}
</style></head>
<body><a href="${escapeXml(input.pageUrl)}" target="_blank" rel="noopener"><span class="dot" aria-hidden="true"></span><span>${escapeXml(label)}</span> <small>${escapeXml(input.title)}</small></a></body></html>
`;
}

/** The script that inserts the widget's iframe right after its own script tag. */
export function widgetScript(embedUrl: string, title: string): string {
  return `(function () {
  var script = document.currentScript;
  if (!script || !script.parentNode) return;
  var frame = document.createElement('iframe');
  frame.src = ${safeJson(embedUrl)};
  frame.title = ${safeJson(`${title}: current status`)};
  frame.width = '${embedSize.width}';
  frame.height = '${embedSize.height}';
  frame.loading = 'lazy';
  frame.style.border = '0';
  frame.style.colorScheme = 'normal';
  script.parentNode.insertBefore(frame, script.nextSibling);
})();
`;
}
