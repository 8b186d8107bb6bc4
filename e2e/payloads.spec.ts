import fs from 'node:fs';
import path from 'node:path';
import { request as playwrightRequest } from '@playwright/test';
import { connectSimulatedUser, expect, expectAccessible, status, test } from './fixtures';
import { repoRoot } from './support';

const types = [
  { tab: 'Activity', type: 'activity', field: 'heart_rate_data.summary.avg_hr_bpm', json: '"Run"' },
  { tab: 'Body', type: 'body', field: 'heart_data.rr_interval_samples', json: '"rr_interval_ms"' },
  { tab: 'Daily', type: 'daily', field: 'distance_data.steps', json: '"hr_samples"' },
  {
    tab: 'Sleep',
    type: 'sleep',
    field: 'sleep_durations_data.asleep.duration_deep_sleep_state_seconds',
    json: '"hypnogram_samples"',
  },
  { tab: 'Athlete', type: 'athlete', field: 'provider_user_id', json: '"user1@example.com"' },
] as const;

test('each data type has its tab in the URL, an example from the normalizer and the field reference', async ({
  ownerPage: page,
}) => {
  test.setTimeout(120_000);
  await page.goto('/payloads');
  await expect(page.getByRole('heading', { level: 2, name: 'Example Daily payload' })).toBeVisible();
  for (const { tab, type, field, json } of types) {
    await page.getByRole('navigation', { name: 'Data types' }).getByRole('link', { name: tab }).click();
    await expect(page).toHaveURL(new RegExp(`/payloads\\?type=${type}$`));
    await expect(page.getByRole('link', { name: tab, exact: true })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('heading', { level: 2, name: `Example ${tab} payload` })).toBeVisible();
    await expect(page.getByRole('region', { name: `Example ${tab} payload` })).toContainText(json);
    const rows = page.getByTestId('field-row');
    await expect(rows.filter({ hasText: field }).first()).toBeVisible();
    await expect(rows.filter({ hasText: 'never from CardioMood' }).first()).toBeVisible();
    if (type === 'athlete') await expectAccessible(page, 'the Payloads page'); // the one tab laid out differently (a note)
  }

  await page.goto('/payloads?type=daily');
  await page.getByLabel('Filter fields').fill('avg_hr_bpm');
  const rows = page.getByTestId('field-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('heart_rate_data.summary.avg_hr_bpm');
  await expect(rows.first()).toContainText('bpm');
  await page.getByLabel('Filter fields').fill('');
  await page.getByLabel('Show').selectOption('never');
  await expect(rows.filter({ hasText: 'MET_data' }).first()).toBeVisible();
  await expect(rows.filter({ hasText: 'heart_rate_data.summary.avg_hr_bpm' })).toHaveCount(0);

  await page.goto('/payloads?type=nutrition');
  await expect(page.getByRole('main').getByRole('alert')).toContainText('There is no data type “nutrition”');
  await expect(page.getByRole('heading', { level: 2, name: 'Example Daily payload' })).toBeVisible();
});

test('the example downloads as a .json file and is sent to the inbox, where it arrives signed', async ({
  ownerPage: page,
}) => {
  test.setTimeout(120_000);
  await page.goto('/destinations');
  await page.getByLabel('Kind').selectOption('inbox');
  await page.getByLabel('Name').fill(`Payloads inbox ${Date.now()}`);
  await page.getByRole('button', { name: 'Add destination' }).click();
  await expect(page.getByTestId('signing-secret')).toContainText('whsec_');

  await page.goto('/payloads?type=sleep');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /Download the example Sleep payload/ }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('cardiomood-example-sleep.json');
  const file = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  expect(file.metadata.summary_id).toMatch(/^cardiomood-sleep-/);

  await page.getByRole('button', { name: 'Send this example to my destinations' }).click();
  await expect(status(page).filter({ hasText: 'of the sleep example queued' })).toContainText(/\d+ deliver/);
  await status(page).getByRole('link', { name: 'See them on Deliveries' }).click();
  await expect(page).toHaveURL(/\/deliveries\?eventType=sleep/);
  await expect(page.getByTestId('delivery-row').filter({ hasText: 'sleep' }).first()).toBeVisible();

  await expect
    .poll(
      async () => {
        await page.goto('/destinations');
        return page.getByTestId('inbox-row').filter({ hasText: 'sleep' }).count();
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThan(0);
  await expect(page.getByTestId('inbox-row').filter({ hasText: 'sleep' }).first()).not.toContainText('invalid');
});

test('a connected user’s latest payloads are listed, open as JSON and count in the coverage', async ({
  ownerPage,
  page,
  state,
}, testInfo) => {
  test.setTimeout(180_000);
  const { referenceId } = await connectSimulatedUser(ownerPage, page, state, 'user6');
  const row = ownerPage.getByTestId('recent-payload-row').filter({ hasText: referenceId }).first();
  await expect
    .poll(
      async () => {
        await ownerPage.goto('/payloads?type=daily');
        return row.count();
      },
      { timeout: 90_000, intervals: [2_000] },
    )
    .toBeGreaterThan(0);
  await expect(ownerPage.getByText(/Coverage is the share of your latest \d+ payloads/)).toBeVisible();
  const steps = ownerPage.getByTestId('field-row').filter({ hasText: 'distance_data.steps' }).first();
  await expect(steps).toContainText('%');

  await row.getByRole('link', { name: /View daily payload/ }).click();
  await expect(ownerPage).toHaveURL(/payload=[0-9a-f-]{36}/);
  const opened = ownerPage.getByRole('region', { name: 'Selected payload' });
  await expect(opened).toContainText(referenceId);
  await expect(opened.getByRole('region', { name: /Daily payload/ })).toContainText('"metadata"');
  const [download] = await Promise.all([
    ownerPage.waitForEvent('download'),
    opened.getByRole('link', { name: /Download daily payload/ }).click(),
  ]);
  expect(JSON.parse(fs.readFileSync(await download.path(), 'utf8'))).toHaveProperty('metadata.start_time');

  await expectAccessible(ownerPage, 'the Payloads page');
  await ownerPage.screenshot({ path: testInfo.outputPath('payloads-full.png'), fullPage: true });
  // For docs/dashboard.md: the top of the Daily tab (example, send, latest payloads), not 15,000 px of fields.
  await ownerPage.setViewportSize({ width: 1280, height: 1600 });
  await ownerPage.goto('/payloads?type=daily');
  const shot = testInfo.outputPath('payloads.png');
  await ownerPage.screenshot({ path: shot });
  fs.mkdirSync(path.join(repoRoot, 'docs', 'screenshots'), { recursive: true });
  fs.copyFileSync(shot, path.join(repoRoot, 'docs', 'screenshots', 'payloads.png'));

  await ownerPage.goto('/payloads?type=daily&payload=00000000-0000-4000-8000-000000000000');
  await expect(ownerPage.getByRole('main').getByRole('alert')).toContainText('No such payload in this account.');
});

test('support and viewer read the page; the server refuses them the send action', async ({
  ownerPage,
  viewerPage,
  supportPage,
  state,
}) => {
  test.setTimeout(120_000);
  for (const reader of [viewerPage, supportPage]) {
    await reader.goto('/payloads?type=body');
    await expect(reader.getByRole('heading', { level: 2, name: 'Example Body payload' })).toBeVisible();
    await expect(reader.getByRole('button', { name: 'Send this example to my destinations' })).toHaveCount(0);
    await expect(reader.getByText('Owners and developers can send this example')).toBeVisible();
  }
  await expectAccessible(viewerPage, 'the Payloads page');
  await viewerPage.setViewportSize({ width: 820, height: 1180 }); // a tablet
  await viewerPage.reload();
  await expectAccessible(viewerPage, 'the Payloads page');

  // The owner's send, captured, then replayed with each reader's session.
  await ownerPage.goto('/payloads?type=body');
  const [action] = await Promise.all([
    ownerPage.waitForRequest((r) => r.method() === 'POST' && !!r.headers()['next-action']),
    ownerPage.getByRole('button', { name: 'Send this example to my destinations' }).click(),
  ]);
  await expect(status(ownerPage).filter({ hasText: /body example queued|No enabled destination/ })).toBeVisible();
  const headers = await action.allHeaders();
  for (const [role, storageState] of [
    ['viewer', state.personas.viewer.storageState],
    ['support', state.personas.support.storageState],
  ] as const) {
    const reader = await playwrightRequest.newContext({
      baseURL: state.baseURL,
      storageState,
      extraHTTPHeaders: { origin: state.baseURL },
    });
    const replayed = await reader.post('/payloads?type=body', {
      headers: {
        'next-action': headers['next-action'] ?? '',
        'next-router-state-tree': headers['next-router-state-tree'] ?? '',
        'content-type': headers['content-type'] ?? 'text/plain;charset=UTF-8',
        accept: headers.accept ?? 'text/x-component',
      },
      data: action.postData() ?? '',
    });
    expect(await replayed.text()).toContain(
      `Your role (${role}) is not allowed to send example payloads to destinations.`,
    );
    await reader.dispose();
  }
});
