// @ts-check
import node from '@astrojs/node';
import { defineConfig, passthroughImageService } from 'astro/config';

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  // Origin check for form posts (Astro's CSRF protection); the middleware adds
  // the same check for every other content type.
  security: { checkOrigin: true },
  // No sharp on these machines: images are served as they are.
  image: { service: passthroughImageService() },
  // CSP forbids inline styles and scripts: keep every asset an external file.
  build: { inlineStylesheets: 'never' },
  vite: {
    build: { assetsInlineLimit: 0 },
  },
  devToolbar: { enabled: false },
});
