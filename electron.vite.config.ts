import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from './src/shared/security/csp';

/**
 * Writes the CSP into index.html, right after the charset: a `<meta>` is the only policy
 * `file://` pages get, and it covers only what the parser meets after it.
 */
function cspMeta(): Plugin {
  return {
    name: 'gantry:csp-meta',
    transformIndexHtml: {
      order: 'pre',
      handler(html, ctx) {
        const policy = contentSecurityPolicy({ dev: ctx.server !== undefined });
        const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
        const charset = /<meta charset="[^"]*"\s*\/?>/i;
        if (charset.test(html)) return html.replace(charset, (tag) => `${tag}\n    ${meta}`);
        return html.replace(/<head>/i, `<head>\n    ${meta}`);
      },
    },
  };
}

/** `GANTRY_BUILD_ONLY=renderer` builds just the dashboard (the headless host needs no more). */
const only = process.env['GANTRY_BUILD_ONLY'];

/**
 * Three bundles: main (ESM, the package is `"type": "module"`), the preload (CommonJS,
 * because a sandboxed preload cannot be an ES module) and the renderer. The renderer uses a
 * relative base so the same files load from `file://` in Electron and from `/` when the
 * headless server serves them.
 */
export default defineConfig({
  main:
    only === 'renderer'
      ? undefined
      : {
          build: {
            outDir: 'out/main',
            lib: {
              // The app's main process, and the engine's own process (an Electron utility process).
              entry: {
                index: resolve('src/main/index.ts'),
                engine: resolve('src/main/electron/engine-process/entry.ts'),
              },
              formats: ['es'],
            },
            rolldownOptions: { output: { entryFileNames: '[name].js' } },
          },
        },
  preload:
    only === 'renderer'
      ? undefined
      : {
          build: {
            outDir: 'out/preload',
            // Sandboxed preloads run without a module loader for node_modules: bundle everything.
            externalizeDeps: false,
            lib: { entry: resolve('src/preload/index.ts'), formats: ['cjs'] },
            rolldownOptions: { output: { entryFileNames: '[name].cjs' } },
          },
        },
  renderer: {
    root: 'src/renderer',
    base: './',
    plugins: [react(), cspMeta()],
    build: {
      outDir: resolve('out/renderer'),
      rolldownOptions: { input: resolve('src/renderer/index.html') },
    },
  },
});
