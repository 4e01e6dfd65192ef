import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { GantryError } from '../../shared/api/errors';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * The checks every request passes before routing.
 *
 * - Host must name this server on a loopback name and our port: a page on another site
 *   whose DNS name was rebound to 127.0.0.1 still sends its own name, and gets 403.
 * - Origin, when sent, must be our own origin: blocks cross-site form posts and fetches
 *   (the API never sends CORS headers, so no other origin can read answers either).
 * - A bearer token (compared in constant time) on everything but `/healthz` and static
 *   files.
 */
export class RequestGuard {
  private readonly hosts: ReadonlySet<string>;
  private readonly origins: ReadonlySet<string>;
  private readonly tokenDigest: Buffer;

  constructor(port: number, token: string) {
    this.hosts = new Set(LOOPBACK_NAMES.map((name) => `${name}:${port}`));
    this.origins = new Set(LOOPBACK_NAMES.map((name) => `http://${name}:${port}`));
    this.tokenDigest = digest(token);
  }

  /** Host and Origin checks; throws `forbidden`. */
  checkSite(headers: IncomingHttpHeaders): void {
    const host = headers.host?.toLowerCase();
    if (host === undefined || !this.hosts.has(host)) {
      throw new GantryError('forbidden', `Host "${headers.host ?? ''}" is not this server`);
    }
    const origin = headers.origin;
    if (origin !== undefined && !this.origins.has(origin.toLowerCase())) {
      throw new GantryError('forbidden', `requests from origin "${origin}" are not allowed`);
    }
  }

  /** Bearer token check; throws `unauthorized`. */
  checkToken(headers: IncomingHttpHeaders): void {
    const header = headers.authorization;
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    // Hashing both sides gives equal lengths, so the comparison time says nothing.
    if (match === null || !timingSafeEqual(digest(match[1]!), this.tokenDigest)) {
      throw new GantryError(
        'unauthorized',
        'missing or wrong API token: send "Authorization: Bearer <token>" (the token is in ' +
          'the data directory\'s api-token file)',
      );
    }
  }
}
