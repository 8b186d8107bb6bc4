import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { promisify } from 'node:util';
import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backfillParts,
  connections,
  dataRequestUsage,
  deliveries,
  deliveryAttempts,
  destinations,
  events,
  inboxMessages,
  integrations,
  payloads,
  rawRecords,
} from '@/db/schema';
import { getDaily } from '../api/endpoints/data';
import { startBackfill } from '../backfills/start-backfill';
import { serveCliRequest } from '../cli/serve-cli';
import { completeAuthorization } from '../connect/complete-authorization';
import { generateWidgetSession } from '../connect/generate-widget-session';
import { startAuthorization } from '../connect/start-authorization';
import { resyncConnection } from '../connections/resync-connection';
import type { Ctx, MemberCtx } from '../context';
import { addDestination } from '../destinations/add-destination';
import { syncConnection } from '../ingest/sync-connection';
import { decrypt } from '../security/encryption';
import { writeServerLock } from '../setup/runtime-files';
import { apiAccount, callRoute } from '../testing/api';
import { connectorSimulator, connectUser, enableCardiomood } from '../testing/connector';
import { accountWithOwner, memberWithRole } from '../testing/fixtures';
import { inboxServer } from '../testing/inbox-server';
import { createTestDatabase } from '../testing/test-database';
import { deliverPending, userNeedles } from '../testing/user-needles';
import { webhookReceiver } from '../testing/webhook-receiver';
import { exportUser } from './export-user';

type Doc = Record<string, unknown> & {
  manifest: Record<string, unknown>;
  user: Record<string, unknown>;
  counts: Record<string, number>;
};
type Items = Record<string, unknown>[];
const run = promisify(execFile);
const bin = path.join(process.cwd(), 'scripts', 'heartbridge.mjs');
const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let simulator: Awaited<ReturnType<typeof connectorSimulator>>;
let inbox: Awaited<ReturnType<typeof inboxServer>>;
let hook: Awaited<ReturnType<typeof webhookReceiver>>;
let owner: MemberCtx;
let users: { alice: string; bob: string; dave: string };
let aliceRef: string;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-export-'));

/** A poll, again after a failure as the worker would (on a loaded machine a kept-alive socket may drop). */
async function sync(user: string) {
  let outcome = await syncConnection(database.db, user, { now: new Date(simulator.clock.now), historyDays: 2 });
  for (let retry = 0; retry < 3 && outcome.status === 'failed'; retry++) {
    outcome = await syncConnection(database.db, user, { now: new Date(simulator.clock.now), historyDays: 2 });
  }
  expect(outcome).toMatchObject({ status: 'synced' });
}

beforeAll(async () => {
  database = await createTestDatabase();
  inbox = await inboxServer(database);
  simulator = await connectorSimulator({ start: Date.now(), rateLimitPerMinute: 6000 });
  const { db } = database;
  const a = await apiAccount(db, 'Export A');
  owner = a.owner;
  await enableCardiomood(owner, simulator.sim, 6000);
  hook = await webhookReceiver(owner);
  await addDestination({ ctx: owner, input: { kind: 'inbox' } });
  const b = await accountWithOwner(db, 'Export B');
  await enableCardiomood(b.owner, simulator.sim, 6000);

  const tag = Math.random().toString(36).slice(2, 10);
  aliceRef = `export-alice-${tag}`;
  const connect = async (ctx: Ctx, username: string, reference: string) =>
    (await connectUser(db, ctx, username, reference)).userId;
  users = {
    alice: await connect(owner, 'user1', aliceRef),
    bob: await connect(owner, 'user2', `export-bob-${tag}`),
    dave: await connect(b.owner, 'user3', `export-dave-${tag}`),
  };
  await generateWidgetSession({ ctx: owner, input: { reference_id: aliceRef } });
  const { authUrl } = await startAuthorization(owner, { referenceId: aliceRef });
  await completeAuthorization(db, { state: new URL(authUrl).searchParams.get('state'), error: 'access_denied' });
  for (const user of Object.values(users)) await sync(user);
  // Backfills and a REST request no worker runs: their rows are what the export must list.
  await startBackfill({ ctx: owner, input: { userId: users.alice, from: day(10), to: day(7), dataTypes: ['daily'] } });
  await startBackfill({ ctx: owner, input: { allUsers: true, from: day(12), to: day(10), dataTypes: ['sleep'] } });
  const request = await callRoute(db, getDaily, {
    query: { user_id: users.alice, start_date: day(9), end_date: day(8), to_webhook: 'true' },
    headers: a.headers,
  });
  expect(request.status).toBe(200);
  await resyncConnection({ ctx: owner, input: { userId: users.alice } });
  expect(await deliverPending(db)).toBeGreaterThan(10);
}, 180_000);
afterAll(async () => {
  await hook.close();
  await inbox.close();
  await simulator.sim.close();
  await database.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function text(chunks: AsyncIterable<string>) {
  let out = '';
  let pieces = 0;
  for await (const chunk of chunks) {
    out += chunk;
    pieces += 1;
  }
  return { out, pieces };
}

/** The document without what differs between two exports: when and by whom, and the audit entries of exports. */
function comparable(doc: Doc) {
  const { exported_at: _at, exported_by: _by, ...manifest } = doc.manifest;
  const audit = (doc.audit_log as Items).filter((entry) => entry.action !== 'connection.exported');
  const { audit_log: _count, ...counts } = doc.counts;
  return { ...doc, manifest, audit_log: audit, counts };
}

describe('exporting everything held about a user', () => {
  it('holds every raw record, payload, event and delivery of theirs verbatim, no other user’s rows and no secret', async () => {
    const { db } = database;
    const alice = users.alice;
    const exported = await exportUser({ ctx: owner, input: { userId: alice } });
    expect(exported.contentType).toBe('application/json; charset=utf-8');
    expect(exported.filename).toMatch(new RegExp(`^heartbridge-user-${aliceRef}-\\d{4}-\\d{2}-\\d{2}\\.json$`));
    const { out, pieces } = await text(exported.chunks);
    const doc = JSON.parse(out) as Doc;
    expect(pieces).toBeGreaterThan(10); // streamed a page at a time, not built whole

    expect(doc.manifest).toMatchObject({
      format: 'heartbridge-user-export',
      version: 1,
      user_id: alice,
      exported_by: owner.actor.email,
      account: { dev_id: owner.account.devId },
    });
    expect(doc.user).toMatchObject({ user_id: alice, reference_id: aliceRef, provider: 'CARDIOMOOD', active: true });

    const raw = await db.select().from(rawRecords).where(eq(rawRecords.userId, alice));
    expect(raw.length).toBeGreaterThan(0);
    expect(doc.raw_records).toEqual(
      expect.arrayContaining(raw.map((r) => expect.objectContaining({ raw_record_id: r.id, body: r.body }))),
    );
    expect(doc.raw_records).toHaveLength(raw.length);

    const held = await db.select().from(payloads).where(eq(payloads.userId, alice));
    expect(new Set(held.map((p) => p.type))).toEqual(new Set(['activity', 'body', 'daily', 'sleep']));
    expect(doc.payloads).toHaveLength(held.length);
    for (const p of held) {
      expect((doc.payloads as Items).find((x) => x.payload_id === p.id)?.data).toEqual(p.payload);
    }

    const theirs = await db
      .select()
      .from(events)
      .where(
        or(eq(events.userId, alice), and(isNull(events.userId), sql`${events.body} ->> 'reference_id' = ${aliceRef}`)),
      );
    expect(new Set(theirs.map((e) => e.type))).toEqual(
      new Set(['auth', 'auth_cancelled', 'activity', 'body', 'daily', 'sleep']),
    );
    expect((doc.events as Items).map((e) => e.event_id).sort()).toEqual(theirs.map((e) => e.id).sort());
    const sent = await db
      .select()
      .from(deliveries)
      .where(
        inArray(
          deliveries.eventId,
          theirs.map((e) => e.id),
        ),
      );
    const tries = await db
      .select()
      .from(deliveryAttempts)
      .where(
        inArray(
          deliveryAttempts.deliveryId,
          sent.map((d) => d.id),
        ),
      );
    const listed = (doc.events as { deliveries: { delivery_id: string; attempt_log: unknown[] }[] }[]).flatMap(
      (e) => e.deliveries,
    );
    expect(listed.map((d) => d.delivery_id).sort()).toEqual(sent.map((d) => d.id).sort());
    expect(listed.flatMap((d) => d.attempt_log)).toHaveLength(tries.length);
    const copies = await db
      .select()
      .from(inboxMessages)
      .where(
        inArray(
          sql`${inboxMessages.headers} ->> 'webhook-id'`,
          theirs.map((e) => e.traceId),
        ),
      );
    expect(copies.length).toBe(theirs.length);
    expect((doc.inbox_messages as Items).map((m) => m.body).sort()).toEqual(copies.map((m) => m.body).sort());

    const backfills = doc.backfills as { kind: string; all_users: boolean; parts: { part_id: string }[] }[];
    expect(backfills.map((b) => [b.kind, b.all_users]).sort()).toEqual([
      ['backfill', false],
      ['backfill', true],
      ['request', false],
    ]);
    const parts = await db.select().from(backfillParts).where(eq(backfillParts.userId, alice));
    expect(backfills.flatMap((b) => b.parts.map((p) => p.part_id)).sort()).toEqual(parts.map((p) => p.id).sort());
    const usage = await db.select().from(dataRequestUsage).where(eq(dataRequestUsage.userId, alice));
    expect(doc.data_requests).toHaveLength(usage.length);
    expect((doc.connect_attempts as Items).map((c) => c.kind).sort()).toEqual([
      'authorization',
      'authorization',
      'widget_session',
    ]);
    expect((doc.audit_log as Items).map((a) => a.action)).toEqual(
      expect.arrayContaining(['backfill.started', 'connection.resync_requested', 'connection.exported']),
    );
    for (const [section, count] of Object.entries(doc.counts)) expect(doc[section]).toHaveLength(count);

    // Nothing of bob (same account) or dave (another account): not their ids, nor any row of theirs.
    for (const other of [users.bob, users.dave]) {
      for (const needle of await userNeedles(db, other)) expect(out).not.toContain(needle);
    }
    // No secret, encrypted or not: tokens, the client secret, signing secrets.
    const [connection] = await db.select().from(connections).where(eq(connections.id, alice));
    const [integration] = await db.select().from(integrations).where(eq(integrations.accountId, owner.account.id));
    const signing = await db.select().from(destinations).where(eq(destinations.accountId, owner.account.id));
    const secrets = [connection?.accessToken, connection?.refreshToken, integration?.clientSecret]
      .concat(signing.map((d) => d.signingSecrets))
      .flatMap((s) => (s ? [s, decrypt(s)] : []));
    expect(secrets.length).toBeGreaterThanOrEqual(8);
    for (const secret of secrets) expect(out).not.toContain(secret);
    expect(out).not.toMatch(/whsec_|access_token|refresh_token/);
  });

  it('comes out of the CLI the same: through the running server, and straight from PostgreSQL', async () => {
    const alice = users.alice;
    const fromVerb = JSON.parse((await text((await exportUser({ ctx: owner, input: { userId: alice } })).chunks)).out);

    // The server's CLI bridge, as `npm start` serves it, with its lock in a data directory of its own.
    process.env.HEARTBRIDGE_DATA_DIR = dataDir;
    const server = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const answer = await serveCliRequest(
        new Request('http://127.0.0.1/api/internal/cli', {
          method: 'POST',
          headers: { authorization: req.headers.authorization ?? '', 'content-type': 'application/json' },
          body: Buffer.concat(chunks),
        }),
      );
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      if (answer.body) Readable.fromWeb(answer.body as WebReadableStream<Uint8Array>).pipe(res);
      else res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    writeServerLock((server.address() as AddressInfo).port);
    const cli = (env: Record<string, string>, ...args: string[]) =>
      run(process.execPath, [bin, ...args], { cwd: dataDir, env: { ...process.env, ...env }, maxBuffer: 1 << 30 });
    try {
      const viaServer = { HEARTBRIDGE_DATA_DIR: dataDir, DATABASE_URL: '' };
      const written = await cli(viaServer, 'user', 'export', '--user-id', alice, '--out', 'alice.json', '--json');
      const file = path.join(dataDir, 'alice.json');
      expect(JSON.parse(written.stdout)).toMatchObject({ out: file, bytes: fs.statSync(file).size });
      const fromServer = JSON.parse(fs.readFileSync(file, 'utf8'));
      expect(fromServer.manifest.exported_by).toBe('system:cli');
      expect(comparable(fromServer)).toEqual(comparable(fromVerb));

      const printed = await cli(viaServer, 'user', 'export', '--user-id', alice, '--dev-id', owner.account.devId);
      expect(comparable(JSON.parse(printed.stdout))).toEqual(comparable(fromVerb));

      const refused = await cli(
        viaServer,
        'user',
        'export',
        '--user-id',
        users.dave,
        '--dev-id',
        owner.account.devId,
        '--out',
        'no.json',
        '--json',
      ).catch((error: { code: number; stderr: string }) => error);
      expect(refused).toMatchObject({ code: 1 });
      expect(JSON.parse((refused as { stderr: string }).stderr)).toEqual({ error: 'No such user in this account.' });
      expect(fs.existsSync(path.join(dataDir, 'no.json'))).toBe(false);

      if (database.url) {
        const direct = await cli({ DATABASE_URL: database.url }, 'user', 'export', '--user-id', alice);
        expect(comparable(JSON.parse(direct.stdout))).toEqual(comparable(fromVerb));
      }
    } finally {
      delete process.env.HEARTBRIDGE_DATA_DIR;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 120_000);

  it('is refused to a viewer, and for another account’s or an unknown user', async () => {
    const viewer = await memberWithRole(owner, 'viewer');
    await expect(exportUser({ ctx: viewer, input: { userId: users.alice } })).rejects.toMatchObject({
      kind: 'forbidden',
      message: "Your role (viewer) is not allowed to export a user's data.",
    });
    const support = await memberWithRole(owner, 'support');
    await expect(exportUser({ ctx: support, input: { userId: users.alice } })).resolves.toBeTruthy();
    for (const userId of [users.dave, '00000000-0000-4000-8000-000000000000', 'not-a-user']) {
      await expect(exportUser({ ctx: owner, input: { userId } })).rejects.toMatchObject({
        kind: 'not_found',
        message: 'No such user in this account.',
      });
    }
  });
});
