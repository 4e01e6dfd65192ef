import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { contentSecurityPolicy } from '../../shared/security/csp';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const CSP = contentSecurityPolicy();

/**
 * The built renderer, served to the headless dashboard. Files hold no secrets, so they need
 * no token; the page reads the token from its URL fragment and sends it on API calls.
 * `index.html` is never cached (it names the current asset hashes); `/assets/*` have hashed
 * names and are cached for good.
 */
export class StaticFiles {
  private readonly root: string;

  constructor(dir: string) {
    this.root = resolve(dir);
  }

  /** Serves `urlPath` when it names a file of the build; false when it does not. */
  async serve(urlPath: string, res: ServerResponse, headOnly: boolean): Promise<boolean> {
    const file = this.resolveFile(urlPath);
    if (file === undefined) return false;
    const info = await stat(file).catch(() => undefined);
    if (info === undefined || !info.isFile()) return false;

    const isIndex = file === join(this.root, 'index.html');
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': info.size,
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': isIndex ? 'no-store' : 'public, max-age=31536000, immutable',
    });
    if (headOnly) {
      res.end();
      return true;
    }
    await new Promise<void>((done) => {
      const stream = createReadStream(file);
      stream.on('error', () => {
        res.destroy();
        done();
      });
      stream.on('end', done);
      stream.pipe(res);
    });
    return true;
  }

  /** The file under the root a URL path names; undefined for anything outside it. */
  private resolveFile(urlPath: string): string | undefined {
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return undefined;
    }
    if (decoded.includes('\0')) return undefined;
    const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
    const file = resolve(this.root, relative);
    if (file !== this.root && !file.startsWith(this.root + sep)) return undefined;
    return file;
  }
}
