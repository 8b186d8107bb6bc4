import { clickAndConfirm, expect, test } from './fixtures';

test('an owner adds an inbox, sends it a test event and sees it arrive signed, then manages it', async ({
  ownerPage: page,
}) => {
  const name = `E2E inbox ${Date.now()}`;
  await page.goto('/destinations');
  await page.getByLabel('Kind').selectOption('inbox');
  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Add destination' }).click();
  await expect(page.getByTestId('signing-secret')).toContainText('whsec_');

  const row = page.getByTestId('destination-row').filter({ hasText: name });
  await row.getByRole('button', { name: 'Send test event' }).click();
  await expect(row).toContainText('Answered 200');
  await page.reload();
  await expect(page.getByTestId('inbox-row').filter({ hasText: 'healthcheck' }).first()).not.toContainText('invalid');

  await row.getByRole('button', { name: 'Disable' }).click();
  await expect(row).toContainText('disabled');
  await row.getByRole('button', { name: 'Enable' }).click();
  await expect(row).toContainText('enabled');

  await clickAndConfirm(page, row.getByRole('button', { name: 'Rotate secret' }));
  await expect(row).toContainText('New signing secret');

  await clickAndConfirm(page, row.getByRole('button', { name: 'Remove' }));
  await expect(page.getByTestId('destination-row').filter({ hasText: name })).toHaveCount(0);
});

test('a webhook to a private address is refused with a clear message', async ({ ownerPage: page }) => {
  await page.goto('/destinations');
  await page.getByLabel('Webhook URL').fill('http://10.1.2.3/hook');
  await page.getByRole('button', { name: 'Add destination' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toContainText('private');
});

test('a viewer sees destinations but cannot change them', async ({ viewerPage }) => {
  await viewerPage.goto('/destinations');
  await expect(viewerPage.getByRole('heading', { level: 1, name: 'Destinations' })).toBeVisible();
  await expect(viewerPage.getByRole('button', { name: 'Add destination' })).toHaveCount(0);
  await expect(viewerPage.getByRole('button', { name: 'Remove' })).toHaveCount(0);
});
