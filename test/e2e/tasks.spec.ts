import { expect, requireChromium, test } from './support/fixtures';

requireChromium();

test('a dead task is one key away and is retried from its detail', async ({ app, host, page }) => {
  const { ids } = await host.call('queue.enqueue', [
    { payload: { fail: 'permanent', workMs: 1500 }, maxAttempts: 1 },
  ]);
  const id = ids[0] ?? '';
  await expect
    .poll(async () => (await host.call('tasks.get', id)).state, { timeout: 30_000 })
    .toBe('dead');
  const before = await host.call('tasks.get', id);

  await app.view('tasks');
  await page.locator('body').press('d');
  const row = page.locator(`[data-task-id="${id}"]`);
  await expect(row).toContainText('dead');
  await row.click();
  const detail = page.getByTestId('task-detail');
  await expect(detail.getByTestId('task-detail-state')).toHaveText('dead');
  await expect(detail.getByTestId('task-error')).toContainText('422');

  await page.locator('body').press('r');
  await app.expectToast(`Retrying ${id}`);
  await expect(detail.getByTestId('task-detail-state')).toHaveText(/queued|running/);
  // The worker fails it again; a second run means a later finish.
  await expect
    .poll(async () => (await host.call('tasks.get', id)).finishedAt ?? 0, { timeout: 30_000 })
    .toBeGreaterThan(before.finishedAt ?? 0);
});

test('a payload with markup, submitted from the tasks view, is shown as text', async ({
  app,
  page,
}) => {
  const markup = '<script>window.__gantryXss = 1</script><img src=x onerror=alert(1)>';
  await app.view('tasks');
  await page.getByText('Submit tasks').click();
  const form = page.getByRole('form', { name: 'Submit tasks' });
  await form.getByLabel('Payload (JSON)').fill(JSON.stringify({ note: markup, workMs: 10 }));
  await form.getByRole('button', { name: 'Submit' }).click();
  await app.expectToast('Submitted 1 task');

  const row = page.getByTestId('task-row').filter({ hasText: '__gantryXss' }).first();
  await row.click();
  const payload = page.getByTestId('task-payload');
  await expect(payload).toContainText(markup);
  await expect(page.getByTestId('task-detail').locator('img, script')).toHaveCount(0);
  await expect(page.locator('img')).toHaveCount(0);
  expect(await page.evaluate(() => Reflect.get(globalThis, '__gantryXss'))).toBeUndefined();
});
