/**
 * Where the renderer is loaded from: the built `index.html` over `file://`, or the dev
 * server (electron-vite sets `ELECTRON_RENDERER_URL` in development).
 */
export interface RendererLocation {
  /** The URL the window loads. */
  readonly url: string;
  /** True for the dev server: enables reload, devtools and the relaxed dev CSP. */
  readonly dev: boolean;
}

/** The renderer's location from the environment and the built file's URL. */
export function rendererLocation(
  devServerUrl: string | undefined,
  builtIndexUrl: string,
): RendererLocation {
  if (devServerUrl !== undefined && devServerUrl !== '') return { url: devServerUrl, dev: true };
  return { url: builtIndexUrl, dev: false };
}

/**
 * True when `candidate` is our renderer: the same `file://` document (any hash or query,
 * which client-side routing may use), or any page of the dev server's origin. Anything else,
 * including other local files and `about:blank`, is foreign.
 */
export function isAppUrl(location: RendererLocation, candidate: string): boolean {
  const expected = parseUrl(location.url);
  const actual = parseUrl(candidate);
  if (expected === undefined || actual === undefined) return false;
  if (location.dev) return actual.origin === expected.origin && actual.origin !== 'null';
  return (
    actual.protocol === 'file:' &&
    actual.pathname === expected.pathname &&
    actual.host === expected.host
  );
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
