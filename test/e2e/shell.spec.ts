import { expect, requireChromium, test } from './support/fixtures';

requireChromium();

test('? lists every shortcut and Escape closes it', async ({ app, page }) => {
  await page.locator('body').press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help.getByRole('row')).not.toHaveCount(0);
  await expect(help).toContainText('Retry the selected task');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await app.view('tasks');
});

test('a worker card shows its logs from the keyboard', async ({ app, grid, page }) => {
  const card = grid.liveCards.first();
  await expect(card).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await card.focus();
  await page.keyboard.press('l');
  const logs = page.getByRole('dialog', { name: /Logs of/ });
  await expect(logs).toBeVisible();
  await expect(logs.getByLabel('Log output')).not.toHaveText('Loading…');
  await page.keyboard.press('Escape');
  await expect(logs).toBeHidden();
  await expect(app.root).toHaveAttribute('data-view', 'overview');
});

test('without a token the dashboard says it is not connected and why', async ({
  host,
  page,
  problems,
}) => {
  await page.goto(`${host.url}/`);
  await expect(page.getByTestId('connection-banner')).toContainText('the API token is missing');
  await expect(page.locator('.app')).not.toHaveAttribute('data-ready', 'true');
  expect(problems.console).toEqual([]);
});

test('the token leaves the address bar once read', async ({ app, page }) => {
  expect(page.url()).not.toContain('token=');
  await page.reload();
  await expect(app.root).toHaveAttribute('data-ready', 'true');
});
