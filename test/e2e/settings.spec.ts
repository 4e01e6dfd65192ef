import { expect, requireChromium, test } from './support/fixtures';

requireChromium();

test('a settings change takes effect at once', async ({ app, gauge, page }) => {
  await expect(gauge.limitLine()).toContainText('/ 100.0k waiting');

  await app.view('settings');
  await page.getByLabel('maxQueue').fill('500');
  await page.getByTestId('settings-save').click();
  await app.expectToast('Settings saved');

  await app.view('overview');
  await expect(gauge.limitLine()).toContainText('/ 500 waiting');
});

test('a bad value is refused in the form, naming the field', async ({ app, page }) => {
  await app.view('settings');
  await page.getByLabel('cooldown').fill('soon');
  await page.getByTestId('settings-save').click();
  await expect(page.getByText(/not a duration: soon/)).toBeVisible();
  await expect(app.toast).toHaveCount(0);
});
