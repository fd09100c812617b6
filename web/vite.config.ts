import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
/** Where the dev server and `vite preview` send /api (the Planwatch server). */
const apiTarget = process.env.PLANWATCH_API ?? 'http://localhost:8080';

/** Puts each large dependency family in its own chunk so they cache independently. */
function vendorChunk(id: string): string | undefined {
  if (!id.includes('node_modules')) return undefined;
  const path = id.split('node_modules/').pop() ?? '';
  if (/^(echarts|zrender)\//.test(path)) return 'echarts';
  if (/^(i18next|react-i18next)\//.test(path)) return 'i18n';
  if (
    /^(antd|@ant-design|@rc-component|rc-[^/]+|@emotion|dayjs|classnames|clsx|throttle-debounce|compute-scroll-into-view|scroll-into-view-if-needed|json2mq|string-convert|toggle-selection|copy-to-clipboard|resize-observer-polyfill|stylis)\//.test(
      path,
    )
  )
    return 'antd';
  if (
    /^(react|react-dom|scheduler|react-router|react-router-dom|cookie|set-cookie-parser)\//.test(
      path,
    )
  )
    return 'react';
  return undefined;
}

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        manualChunks: vendorChunk,
      },
    },
  },
  server: {
    proxy: {
      '/api': apiTarget,
    },
  },
  preview: {
    proxy: {
      '/api': apiTarget,
    },
  },
});
