import { describe, expect, it } from 'vitest';
import { isAppUrl, rendererLocation } from '../../../src/main/electron/app-url';
import { externalLinkAllowed, secureWebPreferences } from '../../../src/main/electron/security';
import type { FrameLike } from '../../../src/main/electron/sender';
import { isTrustedFrame } from '../../../src/main/electron/sender';
import { contentSecurityPolicy } from '../../../src/shared/security/csp';

const built = rendererLocation(undefined, 'file:///opt/gantry/out/renderer/index.html');
const dev = rendererLocation(
  'http://localhost:5173/',
  'file:///opt/gantry/out/renderer/index.html',
);

describe('secureWebPreferences', () => {
  it('pins an isolated, sandboxed renderer without Node', () => {
    expect(secureWebPreferences('/app/out/preload/index.cjs')).toEqual({
      preload: '/app/out/preload/index.cjs',
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
    });
  });
});

describe('contentSecurityPolicy', () => {
  it('allows only the app origin in production', () => {
    const policy = contentSecurityPolicy();

    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toContain('unsafe');
    expect(policy).not.toContain('ws:');
  });

  it('adds only what the dev server needs in development', () => {
    const policy = contentSecurityPolicy({ dev: true });

    expect(policy).toContain("script-src 'self';");
    expect(policy).not.toContain('unsafe-eval');
  });
});

describe('rendererLocation and isAppUrl', () => {
  it('uses the dev server only when its URL is set', () => {
    expect(built).toEqual({ url: 'file:///opt/gantry/out/renderer/index.html', dev: false });
    expect(rendererLocation('', 'file:///x/index.html').dev).toBe(false);
    expect(dev.dev).toBe(true);
  });

  it('accepts the built index.html with any hash or query', () => {
    expect(isAppUrl(built, 'file:///opt/gantry/out/renderer/index.html')).toBe(true);
    expect(isAppUrl(built, 'file:///opt/gantry/out/renderer/index.html#/fleet')).toBe(true);
  });

  it('refuses other files, other schemes and junk', () => {
    expect(isAppUrl(built, 'file:///opt/gantry/out/renderer/other.html')).toBe(false);
    expect(isAppUrl(built, 'file:///etc/passwd')).toBe(false);
    expect(isAppUrl(built, 'https://example.com/opt/gantry/out/renderer/index.html')).toBe(false);
    expect(isAppUrl(built, 'about:blank')).toBe(false);
    expect(isAppUrl(built, 'not a url')).toBe(false);
  });

  it('accepts the dev server origin only', () => {
    expect(isAppUrl(dev, 'http://localhost:5173/index.html')).toBe(true);
    expect(isAppUrl(dev, 'http://localhost:5174/')).toBe(false);
    expect(isAppUrl(dev, 'http://127.0.0.1:5173/')).toBe(false);
  });
});

describe('isTrustedFrame', () => {
  const main: FrameLike = {
    url: 'file:///opt/gantry/out/renderer/index.html',
    parent: null,
    processId: 4,
    routingId: 1,
  };

  it('trusts the window main frame showing the app', () => {
    expect(isTrustedFrame({ ...main }, main, built)).toBe(true);
  });

  it('refuses a missing frame or window', () => {
    expect(isTrustedFrame(null, main, built)).toBe(false);
    expect(isTrustedFrame(main, undefined, built)).toBe(false);
  });

  it('refuses a subframe, even one showing the app URL', () => {
    expect(isTrustedFrame({ ...main, parent: main, routingId: 2 }, main, built)).toBe(false);
  });

  it('refuses another window and a page navigated away', () => {
    expect(isTrustedFrame({ ...main, processId: 9 }, main, built)).toBe(false);
    expect(isTrustedFrame({ ...main, url: 'https://evil.example/' }, main, built)).toBe(false);
  });
});

describe('externalLinkAllowed', () => {
  it('lets only https links out to the system browser', () => {
    expect(externalLinkAllowed('https://github.com/')).toBe(true);
    expect(externalLinkAllowed('http://example.com/')).toBe(false);
    expect(externalLinkAllowed('file:///etc/passwd')).toBe(false);
    expect(externalLinkAllowed('javascript:alert(1)')).toBe(false);
    expect(externalLinkAllowed('smb://host/share')).toBe(false);
  });
});
