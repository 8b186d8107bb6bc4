import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, deliveries } from '@/db/schema';
import { createAccount } from '../accounts/create-account';
import { createApiKey } from '../api-keys/create-api-key';
import { revokeApiKey } from '../api-keys/revoke-api-key';
import { cancelBackfill } from '../backfills/cancel-backfill';
import { startBackfill } from '../backfills/start-backfill';
import { deauthenticateUser } from '../connections/deauthenticate-user';
import { modifyUser } from '../connections/modify-user';
import { resyncConnection } from '../connections/resync-connection';
import { exportUser } from '../data-rights/export-user';
import { replayDelivery } from '../delivery/replay-delivery';
import { replayFailed } from '../delivery/replay-failed';
import { addDestination } from '../destinations/add-destination';
import { removeDestination } from '../destinations/remove-destination';
import { rotateSigningSecret } from '../destinations/rotate-signing-secret';
import { setDestinationStatus } from '../destinations/set-destination-status';
import { updateDestination } from '../destinations/update-destination';
import { exportUserData } from '../inspector/export-user-data';
import { setCardiomoodIntegration } from '../integrations/set-integration';
import { addMember } from '../members/add-member';
import { changeMemberRole } from '../members/change-member-role';
import { removeMember } from '../members/remove-member';
import { setKeyring } from '../security/keyring';
import { rotateEncryptionKey } from '../security/rotate-encryption-key';
import { connectUser } from '../testing/connector';
import { accountFullOfSecrets } from '../testing/secrets-fixture';
import { createTestDatabase } from '../testing/test-database';

// Every lib verb that needs a permission beyond reading, or writes an audit entry, must be listed
// here: with a case proving it audits who did it and what changed (secrets left out), or with the
// reason it changes no configuration. A new verb without an entry fails the first test.

interface World {
  database: Awaited<ReturnType<typeof createTestDatabase>>;
  fixture: Awaited<ReturnType<typeof accountFullOfSecrets>>;
  ids: Record<string, string>;
}
interface Case {
  action: string;
  /** Which of the entry's states must be there: a creation has no before, a removal no after. */
  states: Array<'before' | 'after'>;
  run(w: World): Promise<unknown>;
  /** Where the entry is when not in the fixture's account by its owner. */
  by?: (w: World) => { accountId: string; actor: string };
}

const ctx = (w: World) => w.fixture.owner;
const cli = { kind: 'system', name: 'cli' } as const;
const range = { from: '2000-01-01', to: '2100-01-01' };

const verbs: Record<string, Case[] | { exempt: string }> = {
  'accounts/create-account.ts': [
    {
      action: 'account.created',
      states: ['after'],
      async run(w) {
        const { account } = await createAccount({
          ctx: { db: w.database.db, actor: cli },
          input: { name: 'Audited Co', ownerEmail: 'audited@example.test', ownerPassword: 'long-enough-pw' },
        });
        w.ids.createdAccount = account.id;
      },
      by: (w) => ({ accountId: w.ids.createdAccount ?? '', actor: 'system:cli' }),
    },
  ],
  'integrations/set-integration.ts': [
    {
      action: 'integration.updated',
      states: ['before', 'after'],
      run: (w) =>
        setCardiomoodIntegration({
          ctx: ctx(w),
          input: { pollIntervalMinutes: 30, clientSecret: 'new-secret-value' },
        }),
    },
  ],
  'destinations/add-destination.ts': [
    {
      action: 'destination.added',
      states: ['after'],
      async run(w) {
        const url = `http://hook:${w.fixture.plaintexts.webhookUrlPassword}@127.0.0.1:9/audit`;
        w.ids.destination = (await addDestination({ ctx: ctx(w), input: { kind: 'webhook', url } })).id;
      },
    },
  ],
  'destinations/update-destination.ts': [
    {
      action: 'destination.updated',
      states: ['before', 'after'],
      run: (w) =>
        updateDestination({ ctx: ctx(w), input: { destinationId: w.ids.destination ?? '', name: 'Renamed' } }).then(
          () => {},
        ),
    },
  ],
  'destinations/set-destination-status.ts': [
    {
      action: 'destination.disabled',
      states: ['before', 'after'],
      run: (w) =>
        setDestinationStatus({ ctx: ctx(w), input: { destinationId: w.ids.destination ?? '', enabled: false } }).then(
          () => {},
        ),
    },
    {
      action: 'destination.enabled',
      states: ['before', 'after'],
      run: (w) =>
        setDestinationStatus({ ctx: ctx(w), input: { destinationId: w.ids.destination ?? '', enabled: true } }).then(
          () => {},
        ),
    },
  ],
  'destinations/rotate-signing-secret.ts': [
    {
      action: 'destination.secret_rotated',
      states: ['after'],
      run: (w) => rotateSigningSecret({ ctx: ctx(w), input: { destinationId: w.ids.destination ?? '' } }),
    },
  ],
  'destinations/remove-destination.ts': [
    {
      action: 'destination.removed',
      states: ['before'],
      run: (w) => removeDestination({ ctx: ctx(w), input: { destinationId: w.ids.destination ?? '' } }),
    },
  ],
  'api-keys/create-api-key.ts': [
    {
      action: 'api_key.created',
      states: ['after'],
      async run(w) {
        w.ids.apiKey = (await createApiKey({ ctx: ctx(w), input: { name: 'audited' } })).id;
      },
    },
  ],
  'api-keys/revoke-api-key.ts': [
    {
      action: 'api_key.revoked',
      states: ['before', 'after'],
      run: (w) => revokeApiKey({ ctx: ctx(w), input: { keyId: w.ids.apiKey ?? '' } }),
    },
  ],
  'members/add-member.ts': [
    {
      action: 'member.added',
      states: ['after'],
      async run(w) {
        const input = { email: 'teammate@example.test', role: 'support' as const, initialPassword: 'long-enough-pw' };
        w.ids.member = (await addMember({ ctx: ctx(w), input })).memberId;
      },
    },
  ],
  'members/change-member-role.ts': [
    {
      action: 'member.role_changed',
      states: ['before', 'after'],
      run: (w) =>
        changeMemberRole({ ctx: ctx(w), input: { memberId: w.ids.member ?? '', role: 'viewer' } }).then(
          () => undefined,
        ),
    },
  ],
  'members/remove-member.ts': [
    {
      action: 'member.removed',
      states: ['before'],
      run: (w) => removeMember({ ctx: ctx(w), input: { memberId: w.ids.member ?? '' } }),
    },
  ],
  'connections/modify-user.ts': [
    {
      action: 'connection.modified',
      states: ['before', 'after'],
      run: (w) =>
        modifyUser({ ctx: ctx(w), input: { userId: w.fixture.userId, reference_id: 'renamed-ref' } }).then(
          () => undefined,
        ),
    },
  ],
  'connections/resync-connection.ts': [
    {
      action: 'connection.resync_requested',
      states: ['before', 'after'],
      run: (w) => resyncConnection({ ctx: ctx(w), input: { userId: w.fixture.userId } }),
    },
  ],
  'connections/deauthenticate-user.ts': [
    {
      action: 'connection.deauthenticated',
      states: ['before', 'after'],
      run: (w) => deauthenticateUser({ ctx: ctx(w), input: { userId: w.ids.secondUser ?? '' } }),
    },
  ],
  'inspector/export-user-data.ts': [
    {
      action: 'connection.exported',
      states: ['after'],
      run: (w) =>
        exportUserData({ ctx: ctx(w), input: { userId: w.fixture.userId, format: 'json', from: '2026-03-01' } }).then(
          () => {},
        ),
    },
  ],
  'data-rights/export-user.ts': [
    {
      action: 'connection.exported',
      states: ['after'],
      run: (w) => exportUser({ ctx: ctx(w), input: { userId: w.fixture.userId } }).then(() => {}),
    },
  ],
  'backfills/start-backfill.ts': [
    {
      action: 'backfill.started',
      states: ['after'],
      async run(w) {
        const input = { userId: w.fixture.userId, from: '2026-03-01', to: '2026-03-03', dataTypes: ['daily' as const] };
        w.ids.backfill = (await startBackfill({ ctx: ctx(w), input })).id;
      },
    },
  ],
  'backfills/cancel-backfill.ts': [
    {
      action: 'backfill.cancelled',
      states: ['before', 'after'],
      run: (w) => cancelBackfill({ ctx: ctx(w), input: { backfillId: w.ids.backfill ?? '' } }),
    },
  ],
  'delivery/replay-delivery.ts': [
    {
      action: 'delivery.replayed',
      states: ['before', 'after'],
      run: (w) => replayDelivery({ ctx: ctx(w), input: { deliveryId: w.ids.failedDelivery ?? '' } }),
    },
  ],
  'delivery/replay-failed.ts': [
    {
      action: 'deliveries.replayed',
      states: ['after'],
      run: (w) => replayFailed({ ctx: ctx(w), input: range }),
    },
  ],
  'security/rotate-encryption-key.ts': [
    {
      action: 'encryption_key.rotated',
      states: ['after'],
      async run(w) {
        process.env.HEARTBRIDGE_PREVIOUS_ENCRYPTION_KEYS = process.env.HEARTBRIDGE_ENCRYPTION_KEY;
        process.env.HEARTBRIDGE_ENCRYPTION_KEY = randomBytes(32).toString('base64');
        setKeyring(undefined);
        await rotateEncryptionKey({ db: w.database.db, actor: cli });
      },
      by: (w) => ({ accountId: ctx(w).account.id, actor: 'system:cli' }),
    },
  ],
  'connect/generate-widget-session.ts': {
    exempt: "hands one end user a 15-minute connect page (Terra's API, called for every connection)",
  },
  'connect/authenticate-user.ts': { exempt: "hands one end user a link to CardioMood's consent page" },
  'destinations/send-test-event.ts': { exempt: 'sends a test event now; stores nothing' },
  'integrations/test-integration.ts': { exempt: 'tries the saved client credentials at CardioMood; stores nothing' },
  'payloads/send-example-payload.ts': { exempt: 'sends an example event to the destinations; changes no setting' },
  'delivery/record-attempts.ts': {
    exempt: 'the system disabling a failing destination: its audit entry is tested in disable-after-failures.test.ts',
  },
};

/** lib files (tests and test helpers aside) that authorize more than reading, or write an audit entry. */
function changingVerbs(): string[] {
  const lib = path.resolve(import.meta.dirname, '..');
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!['testing', 'isolation'].includes(entry.name)) walk(full);
        continue;
      }
      if (!entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
      const source = fs.readFileSync(full, 'utf8');
      const permissions = [...source.matchAll(/authorize\(\s*\w+\s*,\s*'([\w.]+)'\s*\)/g)].map((m) => m[1]);
      const audits = /\brecordAudit\(/.test(source) && !full.endsWith(path.join('audit', 'record-audit.ts'));
      if (audits || permissions.some((p) => p !== 'account.read')) found.push(path.relative(lib, full));
    }
  };
  walk(lib);
  return found.sort();
}

const world = {} as World;
const restoreEnv = { ...process.env };
beforeAll(async () => {
  world.database = await createTestDatabase();
  world.fixture = await accountFullOfSecrets(world.database.db);
  world.ids = {};
  world.ids.secondUser = (await connectUser(world.database.db, world.fixture.owner, 'user2')).userId;
  const [failed] = await world.database.db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(
      and(eq(deliveries.accountId, world.fixture.owner.account.id), inArray(deliveries.status, ['retrying', 'dead'])),
    );
  world.ids.failedDelivery = failed?.id ?? '';
}, 120_000);
afterAll(async () => {
  process.env.HEARTBRIDGE_ENCRYPTION_KEY = restoreEnv.HEARTBRIDGE_ENCRYPTION_KEY;
  delete process.env.HEARTBRIDGE_PREVIOUS_ENCRYPTION_KEYS;
  setKeyring(undefined);
  await world.fixture?.close();
  await world.database?.destroy();
});

describe('every configuration change is audited', () => {
  it('lists every lib verb that changes something, and nothing else', () => {
    expect(Object.keys(verbs).sort()).toEqual(changingVerbs());
  });

  const cases = Object.entries(verbs).flatMap(([file, entry]) =>
    Array.isArray(entry) ? entry.map((c) => [`${file} → ${c.action}`, c] as const) : [],
  );
  it.each(cases)('%s: one entry naming the actor, with before/after and no secret', async (_name, c) => {
    const db = world.database.db;
    const seen = new Set((await db.select({ id: auditLog.id }).from(auditLog)).map((row) => row.id));
    await c.run(world);
    const where = c.by?.(world);
    const added = (await db.select().from(auditLog).where(eq(auditLog.action, c.action))).filter(
      (row) => !seen.has(row.id),
    );
    expect(added).toHaveLength(1);
    const [entry] = added;
    expect(entry).toMatchObject({
      accountId: where?.accountId ?? world.fixture.owner.account.id,
      actor: where?.actor ?? world.fixture.email,
      targetType: expect.any(String),
    });
    for (const state of c.states) expect(entry?.[state], state).toBeTruthy();
    const text = JSON.stringify(entry);
    const leaked = Object.entries(world.fixture.plaintexts).filter(([, secret]) => text.includes(secret));
    expect(leaked.map(([name]) => name)).toEqual([]);
    expect(text).not.toContain('new-secret-value');
    expect(text).not.toMatch(/v[12]\.[\w-]{11}\./); // not even encrypted: secrets are left out
  });
});
