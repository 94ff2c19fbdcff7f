import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * Writes .br and .gz beside each text asset so the server (sirv) sends them precompressed:
 * maximum compression once at build time, no CPU spent per request.
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'fieldbook:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    writeBundle(_options, bundle) {
      for (const fileName of Object.keys(bundle)) {
        if (!/\.(js|css|html|svg|json|webmanifest)$/.test(fileName)) continue;
        const path = join(outDir, fileName);
        const data = readFileSync(path);
        if (data.length < 1024) continue;
        writeFileSync(`${path}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${path}.gz`, gzipSync(data, { level: 9 }));
      }
    },
  };
}

/**
 * The web app manifest and the service worker (src/sw/sw.ts, built with Workbox `injectManifest`).
 * The app registers the worker itself (src/app/sw-bridge.ts, under Trusted Types) and offers each
 * update to the user: nothing is injected into index.html but the manifest link.
 */
function pwa(): Plugin[] {
  return VitePWA({
    strategies: 'injectManifest',
    srcDir: 'src/sw',
    filename: 'sw.ts',
    injectRegister: false,
    registerType: 'prompt',
    manifest: {
      id: '/',
      name: 'Fieldbook',
      short_name: 'Fieldbook',
      description: 'Your Odoo contacts, in the field and offline.',
      lang: 'en',
      start_url: '/',
      scope: '/',
      display: 'standalone',
      theme_color: '#1f5f8b',
      background_color: '#f5f7f9',
      icons: [
        { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
        { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
        { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
    injectManifest: {
      // The whole app shell, lazy screens included: a screen first opened offline still loads.
      globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
      sourcemap: false,
    },
  });
}

export default defineConfig({
  plugins: [react(), precompress(), pwa()],
  build: {
    target: 'es2022',
    // Maps for debugging a build, never referenced by the served files nor served (src/server/http/app.ts).
    sourcemap: 'hidden',
  },
});
