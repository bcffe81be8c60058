#!/usr/bin/env node
// `npx vantage-probe`: runs src/main.ts with this Node, which must strip TypeScript types by itself.
import { stripsTypes } from './node-version.js';

if (!stripsTypes(process.version)) {
  console.error(
    `vantage-probe needs Node.js 22.18 or newer (24 LTS recommended) to run its TypeScript sources; this is Node ${process.version}.`,
  );
  process.exit(1);
}
try {
  await import('../src/main.ts');
} catch (error) {
  if (error?.code === 'ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING') {
    console.error(
      'vantage-probe: Node does not run TypeScript from inside node_modules; run it from a checkout of the repository (npx vantage-probe) or its container image.',
    );
    process.exit(1);
  }
  throw error;
}
