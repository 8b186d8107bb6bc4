import type { Page } from '@playwright/test';
import {
  addMember,
  createKey,
  expect,
  integrations,
  integrationsBody,
  memberRow,
  signInThroughForm,
  test,
  unauthorizedBody,
} from './fixtures';

const stamp = Date.now();
const demoKeyName = `Demo only ${stamp}`;
const otherKeyName = `Other Co only ${stamp}`;

async function keyNames(page: Page) {
  await page.goto('/api-keys');
  await expect(page.getByRole('heading', { level: 1, name: 'API keys' })).toBeVisible();
  return page.getByTestId('api-key-row');
}

// In this order: isolation is checked before the Other Co owner also joins Demo, and the second
// test reuses the keys the first created.
test.describe('two accounts', () => {
  test.describe.configure({ mode: 'serial' });

  test('two accounts see none of each other’s keys, members or audit entries', async ({
    ownerPage,
    otherOwnerPage,
    state,
  }) => {
    const demoOwner = state.personas.owner.email;
    const otherOwner = state.personas.otherOwner.email;
    await createKey(ownerPage, demoKeyName);
    await createKey(otherOwnerPage, otherKeyName);

    for (const [page, own, foreign] of [
      [
        ownerPage,
        { key: demoKeyName, member: demoOwner, devId: state.accounts.demo.devId },
        { key: otherKeyName, member: otherOwner },
      ],
      [
        otherOwnerPage,
        { key: otherKeyName, member: otherOwner, devId: state.accounts.other.devId },
        { key: demoKeyName, member: demoOwner },
      ],
    ] as const) {
      await page.goto('/overview');
      await expect(page.getByTestId('dev-id')).toHaveText(own.devId);

      const keys = await keyNames(page);
      await expect(keys.filter({ hasText: own.key })).toHaveCount(1);
      await expect(keys.filter({ hasText: foreign.key })).toHaveCount(0);

      await page.goto('/team');
      await expect(memberRow(page, own.member)).toHaveCount(1);
      await expect(memberRow(page, foreign.member)).toHaveCount(0);

      await page.goto('/audit-log');
      const audit = page.getByTestId('audit-row');
      await expect(audit.filter({ hasText: own.key })).toHaveCount(1);
      await expect(audit.filter({ hasText: foreign.key })).toHaveCount(0);
      await expect(audit.filter({ hasText: foreign.member })).toHaveCount(0);
    }
  });

  test('a member of two accounts switches between them and sees each one’s own data', async ({
    ownerPage,
    page,
    state,
  }) => {
    const { demo, other } = state.accounts;
    const person = state.personas.otherOwner;
    // An email that already signs in elsewhere needs no initial password.
    await addMember(ownerPage, { email: person.email, role: 'viewer' });
    await expect(memberRow(ownerPage, person.email)).toHaveCount(1);

    await signInThroughForm(page, person.email, person.password);
    await expect(page).toHaveURL(/\/overview$/);
    const switcher = page.getByLabel('Account', { exact: true });
    await expect(switcher.getByRole('option')).toHaveText(['Other Co (owner)', 'Demo (viewer)']);

    async function expectAccount(devId: string, ownKey: string, foreignKey: string, canCreateKeys: boolean) {
      await page.goto('/overview');
      await expect(page.getByTestId('dev-id')).toHaveText(devId);
      const keys = await keyNames(page);
      await expect(keys.filter({ hasText: ownKey })).toHaveCount(1);
      await expect(keys.filter({ hasText: foreignKey })).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Create key' })).toHaveCount(canCreateKeys ? 1 : 0);
    }

    await expectAccount(other.devId, otherKeyName, demoKeyName, true);
    await page.goto('/team');
    await expect(memberRow(page, state.personas.owner.email)).toHaveCount(0);

    await switcher.selectOption({ label: 'Demo (viewer)' });
    await expect(page.getByRole('heading', { level: 1, name: 'Team' })).toBeVisible();
    await expect(memberRow(page, state.personas.owner.email)).toHaveCount(1);
    await expect(switcher.locator('option:checked')).toHaveText('Demo (viewer)');
    await expectAccount(demo.devId, demoKeyName, otherKeyName, false);

    await switcher.selectOption({ label: 'Other Co (owner)' });
    await expect(page.getByRole('button', { name: 'Create key' })).toBeVisible(); // refreshed as the owner
    await expect(switcher.locator('option:checked')).toHaveText('Other Co (owner)');
    await expectAccount(other.devId, otherKeyName, demoKeyName, true);
  });
});

test('a key opens only its own account', async ({ request, ownerPage, otherOwnerPage, state }) => {
  const { demo, other } = state.accounts;
  const demoKey = await createKey(ownerPage, `Demo cross-check ${stamp}`);
  const otherKey = await createKey(otherOwnerPage, `Other cross-check ${stamp}`);

  expect(await integrations(request, { devId: demo.devId, apiKey: demoKey })).toEqual({
    status: 200,
    body: integrationsBody,
  });
  expect(await integrations(request, { devId: other.devId, apiKey: otherKey })).toEqual({
    status: 200,
    body: integrationsBody,
  });
  expect(await integrations(request, { devId: other.devId, apiKey: demoKey })).toEqual({
    status: 401,
    body: unauthorizedBody,
  });
  expect(await integrations(request, { devId: demo.devId, apiKey: otherKey })).toEqual({
    status: 401,
    body: unauthorizedBody,
  });
});
