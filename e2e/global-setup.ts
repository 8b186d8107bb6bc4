/**
 * Starts one Heartbridge server on a fresh database for the whole run and prepares the personas:
 * - PostgreSQL when TEST_DATABASE_URL names a local server (a new database hb_e2e_<timestamp>),
 *   else embedded PGlite in a new temporary data directory;
 * - the seeded Demo account's owner, a Demo developer and a Demo viewer (added on the Team page),
 *   and a second account "Other Co" with its own owner (created with the CLI);
 * - one signed-in storage state per persona, and a state file (see state.ts) for the tests.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type FullConfig } from '@playwright/test';
import { type E2EState, type Persona, type PersonaName, writeState } from './state';
import {
  assertLocalDatabaseUrl,
  authDir,
  chromiumLaunchOptions,
  cleanEnv,
  cli,
  createDatabase,
  e2eBaseURL,
  e2ePort,
  isPortFree,
  repoRoot,
  type RunningServer,
  signInOverHttp,
  startServer,
  withDatabase,
} from './support';

/** The running server, for the teardown (same process) to stop. */
export const serverSlot = Symbol.for('heartbridge.e2e.server');

const password = (who: string) => `${who}-e2e-password-1`;
const persona = (name: PersonaName, email: string): Persona => ({
  email,
  password: password(name),
  storageState: path.join(authDir, `${name}.json`),
});

export default async function globalSetup(_config: FullConfig): Promise<void> {
  if (!(await isPortFree(e2ePort))) {
    throw new Error(`Port ${e2ePort} is in use: stop what listens there or set E2E_PORT to a free port.`);
  }
  if (!fs.existsSync(path.join(repoRoot, '.next', 'BUILD_ID'))) {
    throw new Error('No production build: run `NEXT_TELEMETRY_DISABLED=1 npx next build` first.');
  }

  const started = Date.now();
  const testDatabaseUrl = process.env.TEST_DATABASE_URL;
  const admin = testDatabaseUrl ? assertLocalDatabaseUrl(testDatabaseUrl) : undefined;

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-e2e-'));
  const state: Partial<E2EState> = {
    baseURL: e2eBaseURL,
    port: e2ePort,
    dataDir,
    serverLog: path.join(repoRoot, 'test-results', 'e2e-server.log'),
    mode: 'pglite',
  };
  writeState(state); // from here on, the teardown can clean up whatever follows

  if (admin) {
    const name = `hb_e2e_${Date.now()}`;
    await createDatabase(admin.toString(), name);
    Object.assign(state, {
      mode: 'postgres',
      adminDatabaseUrl: admin.toString(),
      databaseName: name,
      databaseUrl: withDatabase(admin, name),
    });
  }
  writeState(state);

  const personas = {
    owner: persona('owner', 'owner@demo.example'),
    developer: persona('developer', 'developer@demo.example'),
    viewer: persona('viewer', 'viewer@demo.example'),
    support: persona('support', 'support@demo.example'),
    otherOwner: persona('otherOwner', 'owner@other-co.example'),
  };
  const env = cleanEnv({
    HEARTBRIDGE_DATA_DIR: dataDir,
    HEARTBRIDGE_ADMIN_EMAIL: personas.owner.email,
    HEARTBRIDGE_ADMIN_PASSWORD: personas.owner.password,
    // The simulator runs and CardioMood is set up, but no demo user is connected in the background.
    HEARTBRIDGE_DEMO_USERS: '0',
    ...(state.databaseUrl ? { DATABASE_URL: state.databaseUrl } : {}),
  });

  const server: RunningServer = await startServer({
    port: e2ePort,
    env,
    logFile: state.serverLog,
    timeoutMs: 120_000,
  });
  (globalThis as Record<symbol, unknown>)[serverSlot] = server;
  state.serverPid = server.process.pid;
  writeState(state);

  try {
    await preparePersonas(server, state, personas, env);
  } catch (error) {
    const log = server.output().split('\n').slice(-40).join('\n');
    (error as Error).message += `\n\nLast lines of the server log (${state.serverLog}):\n${log}`;
    throw error;
  }
  console.log(
    `[e2e] Heartbridge on ${e2eBaseURL} (${state.mode}${state.databaseName ? ` ${state.databaseName}` : ''}, data ${dataDir}) ready in ${Date.now() - started} ms`,
  );
}

async function preparePersonas(
  server: RunningServer,
  state: Partial<E2EState>,
  personas: Record<PersonaName, Persona>,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const demoDevId = /demo account created \(dev-id ([^)]+)\)/.exec(server.output())?.[1];
  if (!demoDevId) throw new Error(`The server did not report the demo account's dev-id:\n${server.output()}`);

  const other = await cli(
    [
      'account',
      'create',
      '--name',
      'Other Co',
      '--owner-email',
      personas.otherOwner.email,
      '--owner-password',
      personas.otherOwner.password,
    ],
    env,
  );
  state.accounts = {
    demo: { name: 'Demo', devId: demoDevId },
    other: { name: 'Other Co', devId: String(other.dev_id) },
  };

  await signInOverHttp(e2eBaseURL, personas.owner.email, personas.owner.password, personas.owner.storageState);
  await addDemoMembers(personas.owner, [
    { ...personas.developer, role: 'developer' },
    { ...personas.viewer, role: 'viewer' },
    { ...personas.support, role: 'support' },
  ]);
  for (const name of ['developer', 'viewer', 'support', 'otherOwner'] as const) {
    const { email, password, storageState } = personas[name];
    await signInOverHttp(e2eBaseURL, email, password, storageState);
  }

  state.personas = personas;
  writeState(state);
}

/** Adds members to the Demo account the way an owner does: on the Team page. */
async function addDemoMembers(owner: Persona, newcomers: Array<Persona & { role: string }>) {
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const context = await browser.newContext({ baseURL: e2eBaseURL, storageState: owner.storageState });
    const page = await context.newPage();
    await page.goto('/team');
    for (const { email, role, password } of newcomers) {
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Role', { exact: true }).selectOption(role);
      await page.getByLabel('Initial password').fill(password);
      await page.getByRole('button', { name: 'Add member' }).click();
      await page
        .getByRole('main')
        .getByRole('status')
        .filter({ hasText: `${email} added.` })
        .waitFor({ timeout: 15_000 });
      await page.getByRole('row').filter({ hasText: email }).waitFor();
    }
    await context.close();
  } finally {
    await browser.close();
  }
}
