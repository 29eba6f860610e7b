import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Built into the gateway's jar (see pom.xml): served at /, its files under /console-assets/.
// `npm run dev` serves it on :5173 and passes the API to a platform on :5001.
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: process.env.CONSOLE_OUT ?? 'dist',
    emptyOutDir: true,
    assetsDir: 'console-assets',
    sourcemap: false,
  },
  server: { proxy: { '/api': 'http://localhost:5001' } },
});
