import { readFileSync } from 'node:fs';
import { expect, requireChromium, test } from './support/fixtures';

requireChromium();

test('the event log exports JSON Lines and CSV files', async ({ app, page }, testInfo) => {
  await app.view('events');
  await expect(page.getByTestId('event-row').first()).toBeVisible();
  await page.getByLabel('Range').selectOption('all');

  const jsonl = await exportAs(page, 'jsonl');
  const lines = jsonl.text.trim().split('\n');
  const events = lines.map((line) => JSON.parse(line) as { seq: number; ts: number; type: string });
  expect(events.length).toBeGreaterThan(0);
  for (const event of events) {
    expect(event).toMatchObject({
      seq: expect.any(Number),
      ts: expect.any(Number),
      type: expect.any(String),
    });
  }
  expect(jsonl.name).toMatch(/\.jsonl$/);

  const csv = await exportAs(page, 'csv');
  const rows = csv.text.trim().split(/\r?\n/);
  const header = (rows[0] ?? '').split(',');
  expect(header).toEqual(expect.arrayContaining(['seq', 'ts', 'type']));
  expect(rows.length - 1).toBeGreaterThan(0);
  expect(csv.name).toMatch(/\.csv$/);

  await testInfo.attach('events.jsonl', { body: jsonl.text, contentType: 'text/plain' });
});

async function exportAs(page: import('@playwright/test').Page, format: 'jsonl' | 'csv') {
  await page.getByLabel('Format').selectOption(format);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export').click(),
  ]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

test('filters narrow the log by type and text', async ({ app, page }) => {
  await app.view('events');
  await page.getByRole('checkbox', { name: 'scaling' }).check();
  await expect(page.getByTestId('event-row').first()).toBeVisible();
  for (const type of await page
    .getByTestId('event-row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-type')))) {
    expect(type).toBe('scaling');
  }
  await page.locator('body').press('/');
  await page.keyboard.type('no event says this');
  await expect(page.getByTestId('event-row')).toHaveCount(0);
});
