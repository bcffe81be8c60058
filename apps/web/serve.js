// Runs the built dashboard (adapter-node's server from `build/`) with one addition: fresh cached renders
// of public status pages are answered before adapter-node and SvelteKit handle the request
// (src/lib/server/status-page/fast-path.ts). Configuration is adapter-node's (HOST, PORT, …) and the
// app's own (src/lib/server/config.ts).
import { server } from './build/index.js';

const [kitListener] = server.listeners('request');
server.removeAllListeners('request');
server.on('request', (request, response) => {
  const fastPath = globalThis.__vantageStatusPageFastPath;
  try {
    if (fastPath?.(request, response)) return;
  } catch (error) {
    console.error('web: status page fast path failed; answering normally:', error);
  }
  kitListener(request, response);
});
