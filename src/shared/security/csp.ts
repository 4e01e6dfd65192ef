/**
 * The renderer's Content-Security-Policy, one source for every way the renderer is served:
 * the build writes it into index.html as a `<meta>` (the only way that applies to `file://`
 * in Electron), and HTTP hosts (the dev server inside Electron, the headless server) also
 * send it as a header.
 *
 * Production: scripts, styles, images and fetches only from the app's own origin; no
 * plugins, no `<base>` rewrites, no form posts. Development adds what Vite's hot reload needs
 * (inline styles injected by the dev server and its websocket).
 */
export function contentSecurityPolicy(options: { dev?: boolean } = {}): string {
  const dev = options.dev === true;
  const directives: Array<[string, string]> = [
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', dev ? "'self' 'unsafe-inline'" : "'self'"],
    ['img-src', "'self' data:"],
    ['font-src', "'self'"],
    ['connect-src', dev ? "'self' ws: http://localhost:* http://127.0.0.1:*" : "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['worker-src', "'self'"],
  ];
  return directives.map(([name, value]) => `${name} ${value}`).join('; ');
}
