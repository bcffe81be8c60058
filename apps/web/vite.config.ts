import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    sveltekit({
      adapter: adapter({ out: 'build' }),
      // The dashboard is served on any host (custom status-page domains, plain http on loopback), so
      // hooks.server.ts checks that a form post's Origin is the host it was sent to.
      csrf: { trustedOrigins: ['*'] },
    }),
  ],
  // Our packages ship TypeScript sources: bundle them into the server build.
  ssr: { noExternal: ['@vantage/api-contract', '@vantage/domain'] },
  build: { reportCompressedSize: false },
});
