import { randomUUID } from 'node:crypto';
import { alert, expect, test } from './fixtures';

test('a filter the page cannot read is explained on the page, with the filters kept', async ({ ownerPage: page }) => {
  await page.goto('/deliveries?from=2025-02-01&to=2025-01-01&status=dead');
  await expect(alert(page)).toContainText('from: the start date must not be after the end date (to).');
  await expect(page.getByLabel('Status')).toHaveValue('dead');
  await expect(page.getByLabel('From', { exact: true })).toHaveValue('2025-02-01');

  await page.goto('/deliveries?perPage=5');
  await expect(alert(page)).toContainText('perPage: show between 10 and 100 rows a page.');
});

test('filters live in the URL and the form reads them back', async ({ ownerPage: page }) => {
  await page.goto('/deliveries');
  await page.getByLabel('Status').selectOption('dead');
  await page.getByLabel('Event type').fill('activity');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL(/status=dead/);
  const url = new URL(page.url());
  expect(url.searchParams.get('eventType')).toBe('activity');
  await expect(page.getByLabel('Event type')).toHaveValue('activity');
});

test('an owner replays failed deliveries in a range; a viewer is not offered to', async ({ ownerPage, viewerPage }) => {
  await ownerPage.goto('/deliveries?from=2020-01-01&to=2020-01-02');
  const form = ownerPage.getByRole('form', { name: 'Replay failed deliveries' });
  await expect(form.getByLabel('Failed from')).toHaveValue('2020-01-01');
  await form.getByRole('button', { name: 'Replay failed in this range' }).click();
  await expect(form.getByRole('status')).toContainText('0 failed deliveries queued again.');

  await viewerPage.goto('/deliveries');
  await expect(viewerPage.getByRole('heading', { name: 'Deliveries', level: 1 })).toBeVisible();
  await expect(viewerPage.getByRole('button', { name: 'Replay failed in this range' })).toHaveCount(0);
});

test('a delivery that is not in the account is not found', async ({ ownerPage: page }) => {
  const response = await page.goto(`/deliveries/${randomUUID()}`);
  expect(response?.status()).toBe(404);
  expect((await page.goto('/deliveries/not-an-id'))?.status()).toBe(404);
});
