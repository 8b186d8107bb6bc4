import type { Page } from '@playwright/test';
import {
  addMember,
  alert,
  clickAndConfirm,
  expect,
  memberPassword,
  memberRow,
  status,
  test,
  uniqueEmail,
} from './fixtures';

/** The audit-log rows for `action` that mention `text`. */
async function auditRows(page: Page, action: string, text: string) {
  await page.goto('/audit-log');
  return page.getByRole('table', { name: 'Audit log' }).getByTestId('audit-row').filter({ hasText: action }).filter({
    hasText: text,
  });
}

test('an owner adds a developer, who then appears in the team and the audit log', async ({
  ownerPage: page,
  state,
}) => {
  const email = uniqueEmail('dev');
  await addMember(page, { email, role: 'developer', password: memberPassword });

  const row = memberRow(page, email);
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('combobox', { name: `Role of ${email}` })).toHaveValue('developer');

  const audit = await auditRows(page, 'member.added', email);
  await expect(audit).toHaveCount(1);
  await expect(audit).toContainText(state.personas.owner.email); // who
  await expect(audit).toContainText('developer');
});

test('adding someone who is already a member is refused', async ({ ownerPage: page }) => {
  const email = uniqueEmail('twice');
  await addMember(page, { email, role: 'viewer', password: memberPassword });

  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Initial password').fill(memberPassword);
  await page.getByRole('button', { name: 'Add member' }).click();
  await expect(alert(page)).toHaveText(`${email} is already a member of this account.`);
  await page.reload();
  await expect(memberRow(page, email)).toHaveCount(1);
});

test('an invalid email is refused', async ({ ownerPage: page }) => {
  await page.goto('/team');
  const rowsBefore = await page.getByTestId('member-row').count();
  const emailInput = page.getByLabel('Email', { exact: true });

  // The browser itself refuses what is not an address at all...
  await emailInput.fill('not-an-email');
  await page.getByLabel('Initial password').fill(memberPassword);
  await page.getByRole('button', { name: 'Add member' }).click();
  expect(await emailInput.evaluate((input: HTMLInputElement) => input.validity.valid)).toBe(false);
  await expect(status(page)).toHaveCount(0);

  // ...and the server what the browser lets through.
  await emailInput.fill('someone@localhost');
  await page.getByRole('button', { name: 'Add member' }).click();
  await expect(alert(page)).toContainText('Enter a valid email address.');

  await page.reload();
  await expect(page.getByTestId('member-row')).toHaveCount(rowsBefore);
});

test("an owner changes a member's role", async ({ ownerPage: page }) => {
  const email = uniqueEmail('promoted');
  await addMember(page, { email, role: 'viewer', password: memberPassword });

  await page.getByRole('combobox', { name: `Role of ${email}` }).selectOption('support');
  await expect(status(page)).toHaveText(`${email} is now support.`);
  await page.reload();
  await expect(page.getByRole('combobox', { name: `Role of ${email}` })).toHaveValue('support');

  const audit = await auditRows(page, 'member.role_changed', email);
  await expect(audit).toHaveCount(1);
  await expect(audit).toContainText('viewer'); // before
  await expect(audit).toContainText('support'); // after
});

test('an owner removes a member', async ({ ownerPage: page }) => {
  const email = uniqueEmail('leaving');
  await addMember(page, { email, role: 'developer', password: memberPassword });

  await clickAndConfirm(page, memberRow(page, email).getByRole('button', { name: 'Remove' }));
  await expect(status(page)).toHaveText(`${email} removed.`);
  await expect(memberRow(page, email)).toHaveCount(0);
  await page.reload();
  await expect(memberRow(page, email)).toHaveCount(0);

  await expect(await auditRows(page, 'member.removed', email)).toHaveCount(1);
});

test('the last owner cannot be removed', async ({ ownerPage: page, state }) => {
  const { email } = state.personas.owner;
  await page.goto('/team');
  await clickAndConfirm(page, memberRow(page, email).getByRole('button', { name: 'Remove' }));
  await expect(alert(page)).toHaveText('The last owner cannot be removed.');
  await page.reload();
  await expect(page.getByRole('combobox', { name: `Role of ${email}` })).toHaveValue('owner');
});

test('a developer sees the team but cannot change it', async ({ developerPage: page, state }) => {
  await page.goto('/team');
  await expect(page.getByRole('heading', { level: 1, name: 'Team' })).toBeVisible();
  await expect(memberRow(page, state.personas.owner.email)).toContainText('owner');
  await expect(page.getByText('Add a member')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Add member' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Remove' })).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: /^Role of / })).toHaveCount(0);
});
