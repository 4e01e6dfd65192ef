import { expect, requireChromium, test } from './support/fixtures';

requireChromium();

test('a burst from the traffic panel grows the grid, moves the gauge and marks the timeline', async ({
  app,
  grid,
  gauge,
  timeline,
  traffic,
}) => {
  await expect(grid.liveCards).toHaveCount(1);
  await expect.poll(() => timeline.points()).toBeGreaterThan(0);
  const pointsBefore = await timeline.points();

  await app.view('traffic');
  await traffic.setProfile({ shape: 'constant', rate: 15, durationS: 8, workMs: 1500 });
  await traffic.start();
  await app.expectToast('Traffic started');
  await expect.poll(async () => Number(await traffic.submitted.textContent())).toBeGreaterThan(5);

  await app.view('overview');
  await expect.poll(() => grid.liveCount(), { timeout: 30_000 }).toBeGreaterThan(1);
  await expect.poll(() => gauge.count('succeeded')).toBeGreaterThan(0);
  await expect.poll(() => timeline.points()).toBeGreaterThan(pointsBefore);
  await expect.poll(() => timeline.markers()).toBeGreaterThan(1);

  await app.view('timeline');
  const scaleUp = timeline.events.filter({ hasText: /scale up \d+ → \d+/ }).first();
  // The reason names the backlog it reacted to (policies word it their own way).
  await expect(scaleUp).toContainText(/\d+ tasks|queued/);
  await scaleUp.click();
  await expect(timeline.detail).toContainText(/scale up \d+ → \d+/);
  await expect(timeline.detail).toContainText(/queued=\d+/);
});

test('the autoscaler pauses from the keyboard and a manual scale is applied', async ({
  app,
  grid,
  page,
}) => {
  await app.view('autoscaler');
  await page.locator('body').press('p');
  await expect(page.getByTestId('autoscaler-state')).toContainText('paused');

  await page.getByRole('form', { name: 'Manual scale' }).getByLabel('Workers').fill('3');
  await page
    .getByRole('form', { name: 'Manual scale' })
    .getByRole('button', { name: 'Set' })
    .click();
  await app.expectToast('Scaling to 3');

  await app.view('overview');
  await expect(grid.liveCards).toHaveCount(3, { timeout: 30_000 });
});
