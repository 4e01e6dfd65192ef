import { expect, requireChromium, test } from './support/fixtures';

requireChromium();

test('the policy lab compares every policy on a built-in workload', async ({ app, page }) => {
  await app.view('lab');
  const form = page.getByRole('form', { name: 'Simulation' });
  await form.getByLabel('Workload').selectOption('step');
  await form.getByLabel('Max workers').fill('40');
  await form.getByTestId('lab-run').click();

  const rows = page.getByTestId('lab-results').locator('tbody tr');
  await expect(rows).toHaveCount(4, { timeout: 60_000 });
  await expect(rows.first()).toContainText('threshold');
  // One line per policy, the oracle and the backlog.
  await expect(page.getByTestId('lab-chart')).toHaveAttribute('data-series', '6');
});

test('a bad lab input is refused in the form, naming the field', async ({ app, page }) => {
  await app.view('lab');
  const form = page.getByRole('form', { name: 'Simulation' });
  await form.getByLabel('Worker start latency').fill('8s..2s');
  await form.getByTestId('lab-run').click();
  await expect(form.getByText(/not a start latency/)).toBeVisible();
});
