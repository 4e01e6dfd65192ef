import { expect, requireChromium, test } from './support/fixtures';

requireChromium();

test('a trace file chosen in the traffic panel is replayed', async ({ app, traffic }) => {
  const csv = ['second,arrivals', ...Array.from({ length: 6 }, (_, s) => `${s},3`)].join('\n');
  await app.view('traffic');
  await traffic.setProfile({ shape: 'trace', rate: 1, durationS: 6, workMs: 100 });
  await traffic.form
    .getByLabel('Trace file (CSV)')
    .setInputFiles({ name: 'burst.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(traffic.form.getByText('burst.csv: 6 lines')).toBeVisible();
  await traffic.start();

  await app.expectToast('Traffic started: trace');
  await expect(traffic.progress.first()).toContainText('trace');
  await expect
    .poll(async () => Number(await traffic.submitted.first().textContent()))
    .toBeGreaterThan(0);
});

test('the traffic form refuses a bad rate without calling the engine', async ({
  app,
  traffic,
  page,
}) => {
  await app.view('traffic');
  await traffic.setProfile({ shape: 'constant', rate: -3 });
  await traffic.start();
  await expect(traffic.form.getByRole('alert')).toContainText(/>=0|at least|too small/i);
  await expect(page.getByTestId('traffic-progress')).toHaveCount(0);
});
