import fs from 'node:fs';
import { Decoder, Stream } from '@garmin/fitsdk';
import { type Page, request as playwrightRequest } from '@playwright/test';
import { connectSimulatedUser, expect, personaPage, test } from './fixtures';

/** Clicks a download link and returns the file's name and bytes. */
async function download(page: Page, link: ReturnType<Page['getByTestId']>) {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return { name: file.suggestedFilename(), bytes: fs.readFileSync((await file.path()) as string) };
}

test('an inbox set to FHIR receives Bundles; a user’s activity downloads as FIT, FHIR and CSV', async ({
  browser,
  ownerPage: page,
  state,
}) => {
  test.setTimeout(240_000);
  const name = `E2E FHIR inbox ${Date.now()}`;
  await page.goto('/destinations');
  await page.getByLabel('Kind').selectOption('inbox');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Payload format (data events)').selectOption('fhir');
  await page.getByRole('button', { name: 'Add destination' }).click();
  await expect(page.getByTestId('signing-secret')).toContainText('whsec_');
  const row = page.getByTestId('destination-row').filter({ hasText: name });
  await expect(row).toContainText('FHIR');
  await row.getByRole('button', { name: 'Edit' }).click();
  await expect(row.getByLabel('Payload format (data events)')).toHaveValue('fhir');

  const endUser = await browser.newPage({ baseURL: state.baseURL });
  const user = await connectSimulatedUser(page, endUser, state, 'user8');
  await endUser.close();

  // The first poll brings the last days: their data events reach the inbox as FHIR Bundles.
  await expect(async () => {
    await page.goto('/destinations');
    await expect(
      page
        .getByTestId('inbox-row')
        .filter({ hasText: /FHIR Bundle \((Daily|Sleep|Body|Activity)\)/ })
        .first(),
    ).toBeVisible({
      timeout: 1000,
    });
  }).toPass({ timeout: 120_000, intervals: [3000] });
  await expect(page.getByTestId('inbox-row').filter({ hasText: 'FHIR Bundle' }).first()).not.toContainText('invalid');

  const inspector = await personaPage(browser, 'support');
  await expect(async () => {
    await inspector.goto(`/users/${user.userId}?type=activity`);
    await expect(inspector.getByTestId('payload-row').first()).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 90_000, intervals: [3000] });
  const activity = inspector.getByTestId('payload-row').first();

  const fit = await download(inspector, activity.getByTestId('download-fit'));
  expect(fit.name).toMatch(new RegExp(`^${user.userId}-.*\\.fit$`));
  const decoder = new Decoder(Stream.fromBuffer(fit.bytes));
  expect(decoder.checkIntegrity()).toBe(true);
  expect(decoder.read().messages.sessionMesgs).toHaveLength(1);

  const fhir = await download(inspector, activity.getByTestId('download-fhir'));
  expect(JSON.parse(fhir.bytes.toString())).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
  const csv = await download(inspector, activity.getByTestId('download-csv'));
  expect(csv.bytes.toString()).toMatch(/^user_id,active_durations_data\.activity_seconds,/);
  const samples = await download(inspector, activity.getByTestId('download-samples.csv'));
  expect(samples.bytes.toString()).toMatch(/^user_id,series,timestamp,/);

  // The Payloads page's latest activities have the same links.
  await inspector.goto('/payloads?type=activity');
  await expect(inspector.getByTestId('recent-payload-row').first().getByTestId('download-fit')).toBeVisible();
  await inspector.context().close();

  const anonymous = await playwrightRequest.newContext({ baseURL: state.baseURL });
  expect((await anonymous.get('/payloads/download/fit?payloadId=00000000-0000-4000-8000-000000000000')).status()).toBe(
    401,
  );
  await anonymous.dispose();
  const missing = await page.request.get('/payloads/download/fhir?payloadId=00000000-0000-4000-8000-000000000000');
  expect(missing.status()).toBe(404);
  expect(await missing.json()).toEqual({ message: 'No such payload in this account.' });
});
