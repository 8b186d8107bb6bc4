import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { connectSimulatedUser, expect, test } from './fixtures';
import { repoRoot } from './support';

/** A full-page screenshot in the test's output, and a copy for docs/dashboard.md. */
async function screenshot(page: Page, name: string, outputPath: (name: string) => string) {
  const file = outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  fs.mkdirSync(path.join(repoRoot, 'docs', 'screenshots'), { recursive: true });
  fs.copyFileSync(file, path.join(repoRoot, 'docs', 'screenshots', `${name}.png`));
}

test('support finds a user by reference_id, sorts and filters the table, and the state lives in the URL', async ({
  ownerPage,
  page,
  state,
}, testInfo) => {
  test.setTimeout(120_000);
  const { referenceId } = await connectSimulatedUser(ownerPage, page, state, 'user10');

  await ownerPage.goto('/users');
  await ownerPage.getByLabel('reference_id or user_id').fill(referenceId);
  await ownerPage.getByRole('button', { name: 'Search' }).click();
  await expect(ownerPage).toHaveURL(new RegExp(`q=${referenceId}`));
  const rows = ownerPage.getByTestId('user-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(referenceId);
  await expect(rows.first()).toContainText('active');

  // Sorting is a link: the URL keeps the search and adds the sort.
  await ownerPage.getByRole('link', { name: 'Last sync' }).click();
  await expect(ownerPage).toHaveURL(/sort=last_sync/);
  await expect(ownerPage).toHaveURL(new RegExp(`q=${referenceId}`));
  await expect(ownerPage.getByRole('columnheader', { name: /Last sync/ })).toHaveAttribute('aria-sort', 'descending');

  // A filter that matches nobody says so, with a way back.
  await ownerPage.goto(`/users?q=${referenceId}&status=inactive`);
  await expect(ownerPage.getByText('No user matches')).toBeVisible();
  // A bad parameter is a readable message, not an error page.
  await ownerPage.goto('/users?perPage=100000');
  await expect(ownerPage.getByRole('main').getByRole('alert')).toContainText('perPage');

  await ownerPage.goto('/users');
  await expect(ownerPage.getByTestId('user-row').first()).toBeVisible();
  await screenshot(ownerPage, 'users', (n) => testInfo.outputPath(n));

  // The user_id opens the inspector.
  const userLink = ownerPage.getByTestId('user-row').filter({ hasText: referenceId }).getByRole('link').first();
  await expect(userLink).toHaveAttribute('href', /^\/users\/[0-9a-f-]{36}$/);
});

test('the overview charts connected users, events and deliveries, and each tile opens its page', async ({
  viewerPage,
}, testInfo) => {
  await viewerPage.goto('/overview');
  const main = viewerPage.getByRole('main');
  for (const tile of [
    'Connected users',
    'Events per day',
    'Deliveries',
    'Failing destinations',
    'CardioMood rate budget',
  ]) {
    await expect(main.getByRole('region', { name: tile })).toBeVisible();
  }
  // Earlier specs connected users and delivered their events to the inbox: the charts have data.
  await expect(main.getByRole('region', { name: 'Connected users' }).locator('svg.recharts-surface')).toBeVisible();
  await expect(
    main.getByRole('region', { name: 'Events per day' }).locator('.recharts-bar-rectangle').first(),
  ).toBeVisible();
  await screenshot(viewerPage, 'overview', (n) => testInfo.outputPath(n));
  await main.getByRole('link', { name: /Failing destinations/ }).click();
  await expect(viewerPage).toHaveURL(/\/destinations$/);
});
