// `npm run screenshot`: starts the headless host, runs a burst through it, and writes
// docs/screenshot.png of the dashboard mid-burst (the pool grown, the timeline marked).
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { buildIfStale } from '../../bin/lib/build-if-stale.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './support/chromium';
import { startHost } from './support/host';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUT = join(ROOT, 'docs', 'screenshot.png');

/** Polls `check` every 250 ms until it holds, or fails after `timeoutMs`. */
async function until(
  what: string,
  timeoutMs: number,
  check: () => Promise<boolean>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

await buildIfStale('renderer');
const host = await startHost({ flags: ['--max-workers', '8', '--cooldown', '2s'] });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({
    viewport: { width: 1440, height: 1080 },
    colorScheme: 'dark',
  });
  await page.goto(host.dashboard);
  await page.locator('.app[data-ready="true"]').waitFor();
  await page.getByTestId('timeline').getByRole('radio', { name: '1 min' }).click();
  await new Promise((resolve) => setTimeout(resolve, 4000));

  await host.call('traffic.start', {
    shape: 'spike',
    rate: 2,
    peakRate: 24,
    atS: 3,
    periodS: 14,
    durationS: 45,
    workMs: 1500,
  });
  const live = page.locator(
    '[data-testid="worker-card"]:is([data-state="ready"], [data-state="starting"])',
  );
  await until('the pool to grow', 60_000, async () => (await live.count()) >= 6);
  // Let the spike pass and the backlog drain, so the timeline shows the way down as well as
  // the way up, and the grid shows the first workers fading out.
  const queued = page.getByTestId('count-queued').locator('dd');
  await until('the backlog to drain', 90_000, async () => Number(await queued.textContent()) < 5);
  await until('the first scale-down', 30_000, async () => (await live.count()) < 8);
  await new Promise((resolve) => setTimeout(resolve, 3000));

  mkdirSync(dirname(OUT), { recursive: true });
  await page.screenshot({ path: OUT, fullPage: true });
  process.stdout.write(`wrote ${OUT}\n`);
} finally {
  await browser.close();
  await host.stop();
}
