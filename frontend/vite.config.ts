/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { basemapPlugin } from './build/basemap.ts';

/** Where `npm run dev` sends /api and /socket.io (the backend started beside Vite). */
const backend = process.env.BACKEND_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [vue(), basemapPlugin()],
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
