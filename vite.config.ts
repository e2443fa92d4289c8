import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The renderer: built to dist/renderer, served by the Electron shell and by the browser host alike. */
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  // One bundle is fine for an app loaded from local files; warn only well above its size (~530 kB).
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1024 },
});
