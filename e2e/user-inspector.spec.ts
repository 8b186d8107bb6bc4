import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Page, request as playwrightRequest } from '@playwright/test';
import { alert, connectSimulatedUser, daysAgo as ago, expect, expectAccessible, personaPage, test } from './fixtures';
import type { E2EState, PersonaName } from './state';
import { cleanEnv, repoRoot, runCli } from './support';

test.describe.configure({ mode: 'serial' });

/** A server-action request as a click sent it, kept to send again with another session. */
interface CapturedAction {
  path: string;
  headers: Record<string, string>;
  body: Buffer | string;
}

async function capture(page: Page, click: () => Promise<void>): Promise<CapturedAction> {
  const [action] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'POST' && !!r.headers()['next-action']),
    click(),
  ]);
  const headers = await action.allHeaders();
  return {
    path: new URL(action.url()).pathname,
    headers: {
      'next-action': headers['next-action'] ?? '',
      'next-router-state-tree': headers['next-router-state-tree'] ?? '',
      'content-type': headers['content-type'] ?? 'text/plain;charset=UTF-8',
      accept: headers.accept ?? 'text/x-component',
    },
    body: action.postDataBuffer() ?? '',
  };
}

async function replayAs(state: E2EState, persona: PersonaName, action: CapturedAction): Promise<string> {
  const context = await playwrightRequest.newContext({
    baseURL: state.baseURL,
    storageState: state.personas[persona].storageState,
    extraHTTPHeaders: { origin: state.baseURL },
  });
  try {
    const answer = await context.post(action.path, { headers: action.headers, data: action.body });
    return await answer.text();
  } finally {
    await context.dispose();
  }
}

const polledAt = async (page: Page) =>
  page
    .getByTestId('last-poll')
    .locator('time')
    .getAttribute('datetime', { timeout: 1000 })
    .catch(() => null);

// Shared by the serial tests below: the user connected in the first.
let user: { referenceId: string; userId: string };
let resync: CapturedAction;

test('support opens a user from the Users page: charts with data, a payload beside its raw record, replay, resync, backfill, export', async ({
  browser,
  supportPage: page,
  state,
}, testInfo) => {
  test.setTimeout(240_000);
  const owner = await personaPage(browser, 'owner');
  const endUser = await browser.newPage({ baseURL: state.baseURL });
  user = await connectSimulatedUser(owner, endUser, state, 'user5');
  await owner.context().close();
  await endUser.close();

  await page.goto(`/users?q=${user.referenceId}`);
  await page
    .getByTestId('user-row')
    .filter({ hasText: user.referenceId })
    .getByRole('link', { name: user.userId })
    .click();
  await expect(page).toHaveURL(new RegExp(`/users/${user.userId}$`));
  await expect(page.getByRole('heading', { level: 1, name: user.referenceId })).toBeVisible();

  // The first poll (the scheduler's next tick) brings the last days: wait for the charts to draw them.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('chart-heart-rate').locator('.recharts-line-curve').first()).toBeVisible({
      timeout: 1000,
    });
  }).toPass({ timeout: 90_000, intervals: [2000] });
  await expect(page.getByTestId('chart-steps').locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expect(page.getByTestId('chart-sleep').locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expect(page.getByTestId('chart-hrv').locator('.recharts-line-curve').first()).toBeVisible();
  await expect(page.getByTestId('chart-heart-rate').locator('figcaption')).toContainText('Resting heart rate averaged');
  await expect(page.getByTestId('user-status')).toContainText('active');
  await expectAccessible(page, 'the user inspector');

  // Backfill a range of this user; its progress shows here until it is done.
  const form = page.getByRole('form', { name: 'Backfill this user' });
  await form.getByLabel('From').fill(ago(16));
  await form.getByLabel('Until (not included)').fill(ago(2));
  await form.getByRole('button', { name: 'Start backfill' }).click();
  await expect(form.getByRole('status')).toContainText('Backfill started');
  await expect(page.getByTestId('backfill-row').first()).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(page.getByTestId('backfill-row').first().getByTestId('backfill-summary')).toContainText(
    /\d+ days fetched from CardioMood/,
  );
  // Two weeks more on the charts.
  await page.reload();
  // The chart draws once it has measured its box after the reload: poll rather than count at once.
  await expect
    .poll(() => page.getByTestId('chart-steps').locator('.recharts-bar-rectangle').count())
    .toBeGreaterThanOrEqual(14);

  // The whole page in the test's output; its top (identity, actions, charts) for docs/dashboard.md.
  await page.screenshot({ path: testInfo.outputPath('user-inspector-full.png'), fullPage: true });
  const shot = testInfo.outputPath('user-inspector.png');
  await page.screenshot({ path: shot, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1560 } });
  fs.mkdirSync(path.join(repoRoot, 'docs', 'screenshots'), { recursive: true });
  fs.copyFileSync(shot, path.join(repoRoot, 'docs', 'screenshots', 'user-inspector.png'));

  // A range the page cannot read is explained, the form keeps it; nothing else breaks.
  await page.goto(`/users/${user.userId}?from=2025-02-01&to=2025-01-01`);
  await expect(alert(page).first()).toContainText('The range starts after it ends: from must not be after to.');
  await expect(page.getByRole('form', { name: 'Date range' }).getByLabel('From')).toHaveValue('2025-02-01');
  await expect(page.getByTestId('timeline-event').first()).toBeVisible();

  // Payloads by type, one opened beside the raw CardioMood records it was made from.
  await page.goto(`/users/${user.userId}`);
  await page.getByLabel('Payload type').selectOption('daily');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(page).toHaveURL(/type=daily/);
  const rows = page.getByTestId('payload-row');
  await expect(rows.first()).toContainText('daily');
  await expect(rows.filter({ hasNotText: 'daily' })).toHaveCount(0);
  await rows
    .first()
    .getByRole('link', { name: /^\d{4}-\d{2}-\d{2}$/ })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: /^daily · / })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Normalized payload' })).toContainText('"heart_rate_data"');
  await expect(page.getByTestId('raw-record').first()).toBeVisible();
  // The day's CardioMood summary, and the day before's (a day's payloads draw on both).
  await expect(page.getByTestId('raw-record').filter({ hasText: 'user-summaries' }).first()).toBeVisible();
  await expect(page.getByRole('link', { name: /^Download the daily payload of / })).toHaveAttribute(
    'href',
    /^\/payloads\/download\?payloadId=/,
  );
  await expectAccessible(page, 'a payload beside its raw records');
  await page.getByRole('link', { name: '← Back to the user' }).click();

  // The timeline: the connection's auth event and data events, each delivered to the demo inbox; replay one.
  const events = page.getByTestId('timeline-event');
  await events.first().waitFor();
  // The auth event is the connection's first: later polls may have pushed it past the first page.
  for (let older = 0; older < 5 && (await events.filter({ hasText: 'auth' }).count()) === 0; older++) {
    const newer = page.url();
    await page.getByRole('link', { name: 'Older events' }).click();
    await page.waitForURL((url) => url.toString() !== newer);
    await events.first().waitFor();
  }
  await expect(events.filter({ hasText: 'auth' }).first()).toBeVisible();
  const delivery = page.getByTestId('timeline-delivery').first();
  await expect(delivery).toContainText('Demo inbox');
  await delivery.getByRole('button', { name: 'Replay' }).click();
  await expect(delivery.getByRole('status')).toHaveText('queued');

  // Resync now: the poll is due at once and runs within a scheduler tick.
  const before = await polledAt(page);
  expect(before).not.toBeNull();
  resync = await capture(page, () => page.getByRole('button', { name: 'Resync now' }).click());
  await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'Resync queued' })).toBeVisible();
  await expect(async () => {
    await page.reload();
    expect(await polledAt(page)).not.toBe(before);
  }).toPass({ timeout: 60_000, intervals: [2000] });

  // Export: CSV by the link (a download), JSON through the same route.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Export CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^heartbridge-${user.referenceId}-.*\\.csv$`));
  const csv = fs.readFileSync(await download.path(), 'utf8').split('\r\n');
  expect(csv[0]).toMatch(/^payload_id,type,day,natural_key,/);
  expect(csv[0]).toContain('heart_rate_data.summary.resting_hr_bpm');
  expect(csv.filter((line) => line.includes(',daily,')).length).toBeGreaterThanOrEqual(3);
  const json = await page.request.get(`/users/${user.userId}/export/json?from=${ago(20)}&to=${ago(0)}`);
  expect(json.status()).toBe(200);
  const body = (await json.json()) as { user: { user_id: string }; payloads: Array<{ type: string }> };
  expect(body.user.user_id).toBe(user.userId);
  expect(body.payloads.some((p) => p.type === 'sleep')).toBe(true);
});

/** An export's digest without what differs between two of them: when and by whom, and the audits of exports. */
function digest(doc: { manifest: object; audit_log: { action: string }[]; counts: object }) {
  const { exported_at: _at, exported_by: _by, ...manifest } = doc.manifest as Record<string, unknown>;
  const { audit_log: _audits, ...counts } = doc.counts as Record<string, unknown>;
  const audit = doc.audit_log.filter((a) => a.action !== 'connection.exported');
  return createHash('sha256')
    .update(JSON.stringify({ ...doc, manifest, counts, audit_log: audit }))
    .digest('hex');
}

test('Export data downloads everything held about the user, the document heartbridge user export writes', async ({
  supportPage: page,
  state,
}) => {
  test.setTimeout(480_000);
  await page.goto(`/users/${user.userId}`);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Export data' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(
    new RegExp(`^heartbridge-user-${user.referenceId}-\\d{4}-\\d{2}-\\d{2}\\.json$`),
  );
  const text = fs.readFileSync(await download.path(), 'utf8');
  const doc = JSON.parse(text);
  expect(doc.manifest).toMatchObject({ user_id: user.userId, exported_by: state.personas.support.email });
  expect(doc.user).toMatchObject({ user_id: user.userId, reference_id: user.referenceId });
  expect(doc.raw_records.length).toBeGreaterThan(0);
  expect(doc.payloads.length).toBeGreaterThan(10); // a synced month and the backfilled weeks
  expect(doc.events.some((e: { deliveries: unknown[] }) => e.deliveries.length > 0)).toBe(true);
  expect(doc.audit_log.map((a: { action: string }) => a.action)).toContain('connection.exported');
  expect(text).not.toMatch(/whsec_|access_token|refresh_token/);

  // The CLI's document is the same. The worker may still be delivering the backfill, so both are taken until
  // they agree; a month of samples weighs over 100 MB here, so they are compared by digest.
  const out = path.join(repoRoot, 'test-results', `export-${user.userId}.json`);
  const env = cleanEnv({
    HEARTBRIDGE_DATA_DIR: state.dataDir,
    ...(state.databaseUrl ? { DATABASE_URL: state.databaseUrl } : {}),
  });
  await expect(async () => {
    const fromPage = digest(await (await page.request.get(`/users/${user.userId}/export/everything`)).json());
    const written = await runCli(['user', 'export', '--user-id', user.userId, '--out', out], env, 180_000);
    expect(written.json).toMatchObject({ out, bytes: fs.statSync(out).size });
    const fromCli = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(fromCli.manifest.exported_by).toBe('system:cli');
    expect(digest(fromCli)).toBe(fromPage);
  }).toPass({ timeout: 300_000, intervals: [5000] });
  fs.rmSync(out, { force: true });
});

test('a viewer sees the inspector without action buttons and is refused on the server; another account sees no such user', async ({
  viewerPage,
  otherOwnerPage,
  state,
}) => {
  await viewerPage.goto(`/users/${user.userId}`);
  await expect(viewerPage.getByRole('heading', { level: 1, name: user.referenceId })).toBeVisible();
  await expect(viewerPage.getByTestId('chart-heart-rate').locator('.recharts-line-curve').first()).toBeVisible();
  await expect(viewerPage.getByTestId('timeline-delivery').first()).toBeVisible();
  for (const name of ['Resync now', 'Deauthenticate', 'Start backfill', 'Replay']) {
    await expect(viewerPage.getByRole('button', { name })).toHaveCount(0);
  }
  await expect(viewerPage.getByRole('link', { name: /^Export/ })).toHaveCount(0);
  await expectAccessible(viewerPage, 'the user inspector as a viewer');

  expect(await replayAs(state, 'viewer', resync)).toContain(
    'Your role (viewer) is not allowed to resync, backfill or deauthenticate users.',
  );
  expect(await replayAs(state, 'otherOwner', resync)).toContain('No such user in this account.');
  const refused = await viewerPage.request.get(`/users/${user.userId}/export/csv`);
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toEqual({ message: "Your role (viewer) is not allowed to export a user's data." });
  expect((await otherOwnerPage.request.get(`/users/${user.userId}/export/json`)).status()).toBe(404);
  const anonymous = await playwrightRequest.newContext({ baseURL: state.baseURL });
  expect((await anonymous.get(`/users/${user.userId}/export/csv`)).status()).toBe(401);
  await anonymous.dispose();

  // Another account's user, an unknown one and a malformed one read the same, as a page state.
  for (const id of [user.userId, randomUUID(), 'not-a-user', "1' or '1'='1"]) {
    const response = await otherOwnerPage.goto(`/users/${encodeURIComponent(id)}`);
    expect(response?.status(), id).toBe(200);
    await expect(otherOwnerPage.getByRole('heading', { name: 'No such user in this account' })).toBeVisible();
  }
  await otherOwnerPage.goto(`/users/${user.userId}/payloads/${randomUUID()}`);
  await expect(otherOwnerPage.getByRole('heading', { name: 'No such user in this account' })).toBeVisible();
});

test('deauthenticate asks first, then goes back to the Users page and the user is gone', async ({
  browser,
  ownerPage: page,
  state,
}) => {
  test.setTimeout(120_000);
  const endUser = await browser.newPage({ baseURL: state.baseURL });
  const leaving = await connectSimulatedUser(page, endUser, state, 'user4');
  await endUser.close();
  await page.goto(`/users/${leaving.userId}`);
  const dialog = page.getByRole('dialog', { name: `Deauthenticate ${leaving.referenceId}?` });
  await page.getByRole('button', { name: 'Deauthenticate' }).click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('user-status')).toContainText('active');

  await page.getByRole('button', { name: 'Deauthenticate' }).click();
  await dialog.getByRole('button', { name: 'Deauthenticate' }).click();
  await page.waitForURL(/\/users\?deauthenticated=/);
  expect(new URL(page.url()).searchParams.get('deauthenticated')).toBe(leaving.referenceId);
  await page.goto(`/users/${leaving.userId}`);
  await expect(page.getByRole('heading', { name: 'No such user in this account' })).toBeVisible();
});
