import {
  addMember,
  alert,
  expect,
  memberPassword,
  signInAttemptOverHttp,
  signInThroughForm,
  test,
  uniqueEmail,
} from './fixtures';

const incorrect = 'Email or password is incorrect.';

test('signing in through the form lands on the overview with the dev-id', async ({ page, state }) => {
  const { email, password } = state.personas.owner;
  await signInThroughForm(page, email, password);
  await expect(page).toHaveURL(/\/overview$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  await expect(page.getByTestId('dev-id')).toHaveText(state.accounts.demo.devId);
  await expect(page.getByRole('navigation', { name: 'Sections' }).getByRole('link')).toHaveText([
    'Overview',
    'Integrations',
    'Destinations',
    'Payloads',
    'Users',
    'Deliveries',
    'Backfills',
    'API keys',
    'API reference',
    'Team',
    'Audit log',
  ]);
});

test('a wrong password and an unknown email get the same message', async ({ page, state }) => {
  await signInThroughForm(page, state.personas.developer.email, 'not-the-right-password');
  await expect(alert(page)).toHaveText(incorrect);
  await expect(page).toHaveURL(/\/sign-in$/);

  await page.reload();
  await signInThroughForm(page, uniqueEmail('nobody'), 'not-the-right-password');
  await expect(alert(page)).toHaveText(incorrect);
  await expect(page).toHaveURL(/\/sign-in$/);
});

test('signed-out visitors are sent to the sign-in page', async ({ page }) => {
  for (const path of ['/overview', '/api-keys', '/team', '/audit-log']) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/sign-in$/);
  }
});

test('each section of the dashboard has its page', async ({ ownerPage: page }) => {
  await page.goto('/overview');
  const nav = page.getByRole('navigation', { name: 'Sections' });
  for (const [name, path] of [
    ['Integrations', '/integrations'],
    ['Destinations', '/destinations'],
    ['Payloads', '/payloads'],
    ['Users', '/users'],
    ['Deliveries', '/deliveries'],
    ['Backfills', '/backfills'],
    ['API keys', '/api-keys'],
    ['API reference', '/api-reference'],
    ['Team', '/team'],
    ['Audit log', '/audit-log'],
    ['Overview', '/overview'],
  ] as const) {
    await nav.getByRole('link', { name, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  }
});

test('signing out returns to the sign-in page and ends the session', async ({ page, state }) => {
  await signInThroughForm(page, state.personas.owner.email, state.personas.owner.password);
  await expect(page).toHaveURL(/\/overview$/);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto('/overview');
  await expect(page).toHaveURL(/\/sign-in$/);
});

test('five wrong passwords lock the email, even against the right one', async ({ page, ownerPage }) => {
  const email = uniqueEmail('throttled');
  await addMember(ownerPage, { email, role: 'viewer', password: memberPassword });

  for (let attempt = 1; attempt <= 5; attempt++) {
    await signInThroughForm(page, email, `wrong-password-${attempt}`);
    await expect(alert(page)).toHaveText(incorrect);
  }
  await signInThroughForm(page, email, memberPassword);
  await expect(alert(page)).toHaveText(/^Too many failed sign-ins\. Try again in \d+ minute\(s\)\.$/);
  await expect(page).toHaveURL(/\/sign-in$/);
});

// Known bug: the lock is checked before the password and the failure recorded after it, with nothing
// in between holding the count, so wrong passwords sent at the same time are all tried (see the
// report on lib/auth/sign-in.ts). Enable once sign-in counts an attempt before checking it.
test('wrong passwords sent at once are not tried more than five times', async ({ ownerPage, state }) => {
  const email = uniqueEmail('burst');
  await addMember(ownerPage, { email, role: 'viewer', password: memberPassword });
  const answers = await Promise.all(
    Array.from({ length: 12 }, (_, i) => signInAttemptOverHttp(state.baseURL, email, `wrong-password-${i}`)),
  );
  const tried = answers.filter((answer) => answer === 'CredentialsSignin');
  expect(tried.length).toBeLessThanOrEqual(5);
  for (const answer of answers.filter((a) => a !== 'CredentialsSignin')) expect(answer).toMatch(/^Too many failed/);
});
