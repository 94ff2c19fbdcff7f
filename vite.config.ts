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
 * React's part of the first screen (src/app/start.tsx) is a dynamic import of the entry, evaluated
 * after the start's picture (src/app/main.tsx): index.html preloads it and what it imports, so it is
 * fetched and compiled while the picture is read, and counted in the first screen's bytes
 * (src/server/bundle-size.ts counts the preloads).
 */
function preloadStart(): Plugin {
  return {
    name: 'fieldbook:preload-start',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const bundle = context.bundle ?? {};
        const start = Object.values(bundle).find((chunk) => chunk.type === 'chunk' && chunk.facadeModuleId?.endsWith('/src/app/start.tsx'));
        if (start?.type !== 'chunk') throw new Error('fieldbook:preload-start: no chunk for src/app/start.tsx');
        const files = new Set<string>();
        const visit = (fileName: string) => {
          const chunk = bundle[fileName];
          if (files.has(fileName) || chunk?.type !== 'chunk' || chunk.isEntry) return;
          files.add(fileName);
          chunk.imports.forEach(visit);
        };
        visit(start.fileName);
        return [...files].map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` }, injectTo: 'head' as const }));
      },
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
  plugins: [react(), preloadStart(), precompress(), pwa()],
  build: {
    target: 'es2022',
    // No polyfill for <link rel="modulepreload">: every browser of the target but Safari 16 has it,
    // and there a preload is only a hint (the entry's dynamic import still fetches start.tsx and
    // its imports). Its ~200 B gz were on every first screen.
    modulePreload: { polyfill: false },
    // Maps for debugging a build, never referenced by the served files nor served (src/server/http/app.ts).
    sourcemap: 'hidden',
  },
});
