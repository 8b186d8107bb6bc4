import { alert, connectSimulatedUser, daysAgo as ago, expect, test } from './fixtures';

test('a backfill started from a user’s row runs to done with a summary; another is cancelled', async ({
  ownerPage,
  page,
  state,
}) => {
  test.setTimeout(180_000);
  const { referenceId } = await connectSimulatedUser(ownerPage, page, state, 'user9');

  await ownerPage.goto('/users');
  await ownerPage
    .getByTestId('user-row')
    .filter({ hasText: referenceId })
    .getByRole('link', { name: /Backfill/ })
    .click();
  await ownerPage.waitForURL(/\/backfills\?userId=/);
  const form = ownerPage.getByRole('form', { name: 'Start a backfill' });
  await expect(form.getByLabel('User')).toHaveValue(new URL(ownerPage.url()).searchParams.get('userId') as string);

  // A bad range is explained, and nothing starts.
  await form.getByLabel('From').fill(ago(3));
  await form.getByLabel('Until (not included)').fill(ago(6));
  await form.getByRole('button', { name: 'Start backfill' }).click();
  await expect(alert(ownerPage)).toContainText('From must be before To');

  await form.getByLabel('From').fill(ago(8));
  await form.getByLabel('Until (not included)').fill(ago(5));
  await form.getByRole('button', { name: 'Start backfill' }).click();
  await expect(form.getByRole('status')).toContainText('Backfill started');
  const row = ownerPage.getByTestId('backfill-row').filter({ hasText: referenceId }).first();
  await expect(row).toHaveAttribute('data-status', 'done', { timeout: 120_000 }); // the page refreshes itself
  const progress = await row.getByTestId('backfill-progress').textContent();
  expect(progress).toMatch(/^(\d+)\/\1$/);
  await expect(row.getByTestId('backfill-summary')).toContainText('3 days fetched from CardioMood');
  await expect(row.getByTestId('backfill-summary')).toContainText('daily 3');

  // A long one for every user, cancelled while it runs.
  await form.getByLabel('User').selectOption('all');
  await form.getByLabel('From').fill(ago(400));
  await form.getByLabel('Until (not included)').fill(ago(10));
  await form.getByRole('button', { name: 'Start backfill' }).click();
  const long = ownerPage.getByTestId('backfill-row').filter({ hasText: 'all users' }).first();
  await expect(long).toHaveAttribute('data-status', /queued|running/);
  await long.getByRole('button', { name: 'Cancel' }).click();
  await expect(long).toHaveAttribute('data-status', 'cancelled');
  await expect(long.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
});

test('a viewer sees backfills but cannot start or cancel one', async ({ viewerPage }) => {
  await viewerPage.goto('/backfills');
  await expect(viewerPage.getByRole('heading', { name: 'Backfills', level: 1 })).toBeVisible();
  await expect(viewerPage.getByRole('form', { name: 'Start a backfill' })).toHaveCount(0);
  await expect(viewerPage.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
  await viewerPage.goto('/users');
  await expect(viewerPage.getByTestId('user-row').first()).toBeVisible();
  await expect(viewerPage.getByTestId('user-row').getByRole('link', { name: /^Backfill/ })).toHaveCount(0);
});
