import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The tab is served by the API process at '/', so the build uses absolute asset paths and the
 * dev server forwards /api to a locally running `npm start`.
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1800,
    reportCompressedSize: true,
  },
  server: {
    proxy: { '/api': `http://127.0.0.1:${process.env.PORT || 3978}` },
  },
});
