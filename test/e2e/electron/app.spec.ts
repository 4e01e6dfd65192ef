import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ElectronApplication, Page } from '@playwright/test';
import type { GantryBridge } from '../../../src/shared/api/bridge';
import { _electron, expect, test } from '@playwright/test';
import { buildIfStale } from '../../../bin/lib/build-if-stale.js';
import {
  electronBinaryPath,
  electronUnavailableReason,
} from '../../../bin/lib/electron-runtime.js';

// The desktop app, launched from its build through Playwright's Electron driver. Electron's
// binary cannot be downloaded in CI or in sandboxes, so without it (or without a display)
// the suite is skipped with the reason, CI included; the headless suite covers the same
// renderer and engine over HTTP there.
const unavailable = electronUnavailableReason();
const root = fileURLToPath(new URL('../../..', import.meta.url));

// Page functions are serialized into the page, so each looks `window.gantry` up itself (this
// file is type-checked without the DOM).
test.describe('desktop app', () => {
  test.skip(unavailable !== undefined, unavailable ?? '');

  let app: ElectronApplication;
  let page: Page;

  test.beforeAll(async () => {
    await buildIfStale('all');
    const userData = mkdtempSync(join(tmpdir(), 'gantry-e2e-electron-'));
    app = await _electron.launch({
      executablePath: electronBinaryPath(),
      args: [root, '--port', '0', '--runtime', 'process', '--min-workers', '1'],
      cwd: root,
      env: { ...process.env, GANTRY_USER_DATA: userData },
    });
    page = await app.firstWindow();
  });

  test.afterAll(async () => {
    await app?.close();
  });

  test('opens one window showing the worker grid', async () => {
    await expect(page.getByTestId('worker-grid')).toBeVisible({ timeout: 30_000 });
    expect(app.windows()).toHaveLength(1);
    await expect(page).toHaveTitle(/Gantry/);
  });

  test('the engine answers through window.gantry', async () => {
    const settings = await page.evaluate(() =>
      (Reflect.get(globalThis, 'gantry') as GantryBridge).settings.get(undefined),
    );
    expect(settings).toMatchObject({ ok: true, value: { runtime: 'process', minWorkers: 1 } });

    const enqueued = await page.evaluate(() =>
      (Reflect.get(globalThis, 'gantry') as GantryBridge).queue.enqueue([
        { payload: { e2e: true } },
      ]),
    );
    expect(enqueued).toMatchObject({ ok: true, value: { ids: [expect.any(String)] } });

    const invalid = await page.evaluate(() =>
      (Reflect.get(globalThis, 'gantry') as GantryBridge).queue.enqueue([]),
    );
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  test('the page has no Node and no raw IPC', async () => {
    const exposed = await page.evaluate(() => ({
      require: typeof Reflect.get(globalThis, 'require'),
      process: typeof Reflect.get(globalThis, 'process'),
      keys: Object.keys(Reflect.get(globalThis, 'gantry') ?? {}),
    }));

    expect(exposed.require).toBe('undefined');
    expect(exposed.process).toBe('undefined');
    expect(exposed.keys).not.toContain('ipcRenderer');
    expect(exposed.keys).toContain('onSnapshot');
  });

  test('navigation away from the app is blocked', async () => {
    const before = page.url();

    await page.evaluate(() => {
      Reflect.set(Reflect.get(globalThis, 'location'), 'href', 'https://example.com/');
    });

    await expect.poll(() => page.url()).toBe(before);
  });
});
