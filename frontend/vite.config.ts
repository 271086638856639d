/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { basemapPlugin } from './build/basemap.ts';

/** Where `npm run dev` sends /api and /socket.io (the backend started beside Vite). */
const backend = process.env.BACKEND_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [
    vue(),
    basemapPlugin(),
    // The app shell (HTML, scripts, styles, icons) is precached so that a tablet opens the app with no
    // network after one visit. Only navigations and the precached files are answered by the service
    // worker: the API and the socket always go to the network (the outbox keeps what cannot be sent).
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'Opération Marhaba',
        short_name: 'Marhaba',
        description: 'Comptage et cas d’assistance sur les sites de l’Opération Marhaba, même hors ligne',
        lang: 'fr',
        start_url: '/site',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        background_color: '#eef1f4',
        theme_color: '#0b5d4b',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/api(\/|$)/, /^\/socket\.io(\/|$)/],
        cleanupOutdatedCaches: true,
        runtimeCaching: [],
      },
    }),
  ],
  resolve: {
    // The contract's TypeScript sources, so that the console needs no prior build of `shared/`.
    alias: { '@marhaba/shared': fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)) },
  },
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __INTLIFY_DROP_MESSAGE_COMPILER__: false,
  },
  server: {
    proxy: {
      '/api': backend,
      '/socket.io': { target: backend, ws: true },
    },
  },
  build: { chunkSizeWarningLimit: 800 },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts', 'build/**/*.test.ts'],
    setupFiles: ['./vitest.setup.ts'],
  },
});
