import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { GantryError } from '../../shared/api/errors';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

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
  private readonly expected: Buffer;

  constructor(port: number, token: string) {
    this.hosts = new Set(LOOPBACK_NAMES.map((name) => `${name}:${port}`));
    this.origins = new Set(LOOPBACK_NAMES.map((name) => `http://${name}:${port}`));
    this.expected = Buffer.from(token, 'utf8');
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
    if (!this.tokenMatches(headers.authorization)) {
      throw new GantryError(
        'unauthorized',
        'missing or wrong API token: send "Authorization: Bearer <token>" (the token is in ' +
          'the data directory\'s api-token file)',
      );
    }
  }

  /**
   * Constant time in the token's content. A wrong length is refused at once: that tells an
   * attacker only the length, which is public (43 characters for generated tokens).
   */
  private tokenMatches(header: string | undefined): boolean {
    if (header === undefined || header.length < 7) return false;
    if (header.slice(0, 7).toLowerCase() !== 'bearer ') return false;
    const given = Buffer.from(header.slice(7).trim(), 'utf8');
    return given.length === this.expected.length && timingSafeEqual(given, this.expected);
  }
}
