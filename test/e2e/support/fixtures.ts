import { test as base, expect } from '@playwright/test';
import { chromiumMissingReason } from './chromium';
import type { Host, HostOptions } from './host';
import { startHost } from './host';
import { AppPage } from './pages/app-page';
import { GaugePage } from './pages/gauge-page';
import { GridPage } from './pages/grid-page';
import { TimelinePage } from './pages/timeline-page';
import { TrafficPage } from './pages/traffic-page';

/** What the page reported that a healthy dashboard never does. */
export interface PageProblems {
  console: string[];
  dialogs: string[];
}

interface Fixtures {
  hostOptions: HostOptions;
  host: Host;
  problems: PageProblems;
  app: AppPage;
  grid: GridPage;
  gauge: GaugePage;
  timeline: TimelinePage;
  traffic: TrafficPage;
}

/**
 * Each test gets its own `gantry serve` (fresh data directory, process runtime, fast
 * autoscaler) and a page on its dashboard that is ready (first snapshot applied). After the
 * test: the page must have logged no console error, thrown nothing and opened no dialog; a
 * screenshot is attached either way.
 */
export const test = base.extend<Fixtures>({
  hostOptions: [{}, { option: true }],

  host: async ({ hostOptions }, use, testInfo) => {
    const host = await startHost(hostOptions);
    try {
      await use(host);
    } finally {
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('gantry-serve.log', { body: host.log(), contentType: 'text/plain' });
      }
      await host.stop();
    }
  },

  problems: async ({ page }, use) => {
    const problems: PageProblems = { console: [], dialogs: [] };
    page.on('console', (message) => {
      if (message.type() === 'error') problems.console.push(message.text());
    });
    page.on('pageerror', (error) => problems.console.push(`uncaught: ${error.message}`));
    page.on('dialog', (dialog) => {
      problems.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await use(problems);
  },

  app: async ({ page, host, problems }, use, testInfo) => {
    const app = new AppPage(page);
    await app.open(host.dashboard);
    await use(app);
    await testInfo.attach('dashboard.png', {
      body: await page.screenshot({ fullPage: true }),
      contentType: 'image/png',
    });
    expect(problems.console, 'console errors').toEqual([]);
    expect(problems.dialogs, 'dialogs').toEqual([]);
  },

  grid: async ({ page }, use) => use(new GridPage(page)),
  gauge: async ({ page }, use) => use(new GaugePage(page)),
  timeline: async ({ page }, use) => use(new TimelinePage(page)),
  traffic: async ({ page }, use) => use(new TrafficPage(page)),
});

const missing = chromiumMissingReason();
/** Skips the file, saying why, when no Chromium is installed (never in CI). */
export function requireChromium(): void {
  test.skip(missing !== undefined, missing ?? '');
}

export { expect };
