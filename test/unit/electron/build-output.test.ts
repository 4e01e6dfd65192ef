import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../src/shared/security/csp';

// Checks of what `npm run build` produced (`npm test` builds before vitest runs). A checkout
// that was never built has nothing to check.
const out = (path: string) => new URL(`../../../out/${path}`, import.meta.url);
const built = existsSync(out('renderer/index.html')) && existsSync(out('preload/index.cjs'));

describe.skipIf(!built)('build output', () => {
  it('puts the production CSP in index.html before any script or stylesheet', () => {
    const html = readFileSync(out('renderer/index.html'), 'utf8');
    const meta = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}" />`;

    expect(html).toContain(meta);
    const firstLoad = html.search(/<script|<link rel="stylesheet"/);
    expect(html.indexOf(meta)).toBeLessThan(firstLoad);
  });

  it('has no inline script the CSP would block', () => {
    const html = readFileSync(out('renderer/index.html'), 'utf8');

    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toMatch(/\ssrc="\.\//);
  });

  it('loads assets relative to index.html, for file:// and the headless server alike', () => {
    const html = readFileSync(out('renderer/index.html'), 'utf8');

    expect(html).not.toMatch(/(src|href)="\/(?!\/)/);
  });

  it('keeps the sandboxed preload CommonJS and free of zod', () => {
    const preload = readFileSync(out('preload/index.cjs'), 'utf8');

    expect(preload).toContain('require("electron")');
    expect(preload).toContain('exposeInMainWorld');
    expect(preload).not.toMatch(/\bimport\s|zod|ZodError/);
  });
});
