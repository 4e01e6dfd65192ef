import type { App, Session, WebContents, WebPreferences } from 'electron';
import { contentSecurityPolicy } from '../../shared/security/csp';
import type { Logger } from '../log/logger';
import type { RendererLocation } from './app-url';
import { isAppUrl } from './app-url';

/**
 * The renderer's web preferences, stated rather than inherited from Electron's defaults: an
 * isolated, sandboxed page without Node, with web security on, no `<webview>`, and only the
 * preload's `window.gantry` as a way out. A unit test pins every value.
 */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
  };
}

/** Where links the page asks to open go instead (the system browser). */
export interface ExternalOpener {
  openExternal(url: string): Promise<void>;
}

/**
 * What the page may do with a URL outside the app: `https` links open in the system browser
 * (never in an Electron window), everything else is refused.
 */
export function externalLinkAllowed(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Hardens every web contents the app creates (now and later): no `<webview>`, no navigation
 * away from the renderer, no new windows. Called once, before any window exists.
 */
export function hardenWebContents(
  app: App,
  location: RendererLocation,
  opener: ExternalOpener,
  logger: Logger,
): void {
  app.on('web-contents-created', (_event, contents) => {
    hardenContents(contents, location, opener, logger);
  });
}

function hardenContents(
  contents: WebContents,
  location: RendererLocation,
  opener: ExternalOpener,
  logger: Logger,
): void {
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.warn('blocked a webview');
  });
  contents.on('will-navigate', (event) => {
    if (isAppUrl(location, event.url)) return;
    event.preventDefault();
    logger.warn('blocked navigation', { url: event.url });
  });
  contents.on('will-redirect', (event) => {
    if (isAppUrl(location, event.url)) return;
    event.preventDefault();
    logger.warn('blocked redirect', { url: event.url });
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (externalLinkAllowed(url)) {
      opener.openExternal(url).catch((error: unknown) => {
        logger.warn('could not open a link in the browser', { url, error });
      });
    } else {
      logger.warn('blocked a new window', { url });
    }
    return { action: 'deny' };
  });
}

/**
 * Session-wide rules: every permission request and check is denied (the dashboard needs
 * none), and our HTTP responses (the dev server) carry the CSP as a header. The built renderer
 * loads over `file://`, where headers do not apply; its `<meta>` policy covers it.
 */
export function secureSession(session: Session, location: RendererLocation, logger: Logger): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    logger.warn('denied a permission request', { permission });
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  const policy = contentSecurityPolicy({ dev: location.dev });
  session.webRequest.onHeadersReceived((details, callback) => {
    // Our pages only: other responses (developer tools, say) keep their own headers.
    if (!isAppUrl(location, details.url)) {
      callback({});
      return;
    }
    const headers = { ...details.responseHeaders, 'Content-Security-Policy': [policy] };
    callback({ responseHeaders: headers });
  });
}
