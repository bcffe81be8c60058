// Public pages are server-rendered HTML with one small script: no client router, nothing to hydrate.
// Each page reads the public JSON in its own load (see #lib/server/status-page/view.ts).
export const csr = false;
