import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Db } from '@/db/client';
import { memberCtx } from '../accounts/member-accounts';
import { verifySignIn } from '../auth/sign-in';
import { listBackfills } from '../backfills/list-backfills';
import { serveCliRequest } from '../cli/serve-cli';
import { widgetPage } from '../connect/widget';
import { widgetCallbackRoute, widgetConnectRoute } from '../connect/widget-routes';
import type { MemberCtx } from '../context';
import { exportUser } from '../data-rights/export-user';
import { getDelivery } from '../delivery/get-delivery';
import { receiveInbox } from '../destinations/receive-inbox';
import { checkHealth } from '../health/check-health';
import { exportUserData } from '../inspector/export-user-data';
import { listUserPayloads } from '../inspector/list-user-payloads';
import { userCharts } from '../inspector/user-charts';
import { getUserPayload } from '../inspector/user-payload';
import { getUserState } from '../inspector/user-state';
import { userTimeline } from '../inspector/user-timeline';
import { downloadFormats, payloadDownload } from '../payloads/payload-download';
import { storedPayload } from '../payloads/stored-payload';
import type { Tenants } from './action-cases';
import { settle } from './tenants';

type Verb = (...args: never[]) => unknown;

export interface SurfaceCase {
  /** How the caller is known: a signed-in member's session, nobody (public), or the server's CLI token. */
  access: 'session' | 'public' | 'cli token';
  /** The lib functions the file calls (or hands to Next.js); a static check proves it uses exactly these. */
  verbs: readonly Verb[];
  /** Why another account's ids get nothing here, in the docs' words. */
  rule: string;
  /** Aims the handler's verbs at B's rows from A's owner (or from nobody) and asserts the refusal. B must stay unchanged. */
  probe(t: Tenants, db: Db): Promise<void>;
}

/** Refused as not found, with the very answer an id that exists nowhere gets. */
async function refusedLikeUnknown(call: (id: (real: string) => string) => Promise<unknown>) {
  const foreign = await settle(() => call((real) => real));
  const unknown = await settle(() => call(() => randomUUID()));
  expect(foreign.error?.kind).toBe('not_found');
  expect(foreign.error?.message).toBe(unknown.error?.message);
}

const mine = (t: Tenants): MemberCtx => t.a.owner;

/** Every route handler outside /v2 by `file#METHOD`, and every page with an id in its path, by file. */
export const surfaceCases: Record<string, SurfaceCase> = {
  'app/(dashboard)/payloads/download/[format]/route.ts#GET': {
    access: 'session',
    verbs: [payloadDownload],
    rule: "the payload is read by its id within the session's account",
    probe: async (t) => {
      for (const format of downloadFormats) {
        await refusedLikeUnknown((id) =>
          payloadDownload({ ctx: mine(t), input: { payloadId: id(t.b.payloadId), format } }),
        );
      }
    },
  },
  'app/(dashboard)/payloads/download/route.ts#GET': {
    access: 'session',
    verbs: [storedPayload],
    rule: "the payload is read by its id within the session's account; the example needs no id",
    probe: (t) => refusedLikeUnknown((id) => storedPayload({ ctx: mine(t), input: { payloadId: id(t.b.payloadId) } })),
  },
  'app/(dashboard)/users/[userId]/export/[format]/route.ts#GET': {
    access: 'session',
    verbs: [exportUserData],
    rule: "the user is looked up in the session's account before the first byte is streamed",
    probe: async (t) => {
      for (const format of ['json', 'csv'] as const) {
        await refusedLikeUnknown((id) => exportUserData({ ctx: mine(t), input: { userId: id(t.b.user.id), format } }));
      }
    },
  },
  'app/(dashboard)/users/[userId]/export/everything/route.ts#GET': {
    access: 'session',
    verbs: [exportUser],
    rule: "the user is looked up in the session's account before the first byte is streamed",
    probe: (t) => refusedLikeUnknown((id) => exportUser({ ctx: mine(t), input: { userId: id(t.b.user.id) } })),
  },
  'app/api/auth/[...nextauth]/route.ts#GET': {
    access: 'public',
    verbs: [],
    rule: 'signs a member in; the session names the member, and the account comes from their memberships',
    probe: async (t, db) => {
      const forged = await memberCtx(db, t.a.owner.actor.memberId, t.b.account.id);
      expect(forged?.account.id).toBe(t.a.account.id);
    },
  },
  'app/api/auth/[...nextauth]/route.ts#POST': {
    access: 'public',
    verbs: [],
    rule: "signs a member in by email and password; knowing another member's email opens nothing",
    probe: async (t, db) => {
      const attempt = await settle(() => verifySignIn(db, { email: t.b.email, password: 'not-their-password' }));
      expect(attempt.error?.kind).toBe('unauthorized');
    },
  },
  'app/api/health/route.ts#GET': {
    access: 'public',
    verbs: [checkHealth],
    rule: 'answers whether the database is reachable; names no account',
    probe: async (t) => {
      const health = JSON.stringify(await checkHealth());
      for (const mark of [t.b.account.id, t.b.account.devId, t.b.account.name]) expect(health).not.toContain(mark);
    },
  },
  'app/api/internal/cli/route.ts#POST': {
    access: 'cli token',
    verbs: [serveCliRequest],
    rule: "only a caller holding the running server's token (in its data directory, owner-only) gets in",
    probe: async (t) => {
      const answer = await serveCliRequest(
        new Request('http://localhost/api/internal/cli', {
          method: 'POST',
          headers: { authorization: 'Bearer not-the-token', 'content-type': 'application/json' },
          body: JSON.stringify({ command: 'connections list', flags: { 'dev-id': t.b.account.devId } }),
        }),
      );
      expect(answer.status).toBe(401);
    },
  },
  'app/inbox/[id]/route.ts#POST': {
    access: 'public',
    verbs: [receiveInbox],
    rule: 'a receiver like any webhook URL: only an inbox id (random) is accepted, filed under its own account',
    probe: async (t) => {
      const post = (id: string) =>
        receiveInbox(new Request(`http://localhost/inbox/${id}`, { method: 'POST', body: '{}' }), id);
      expect((await post(t.b.webhook.id)).status).toBe(404);
      expect((await post(randomUUID())).status).toBe(404);
    },
  },
  'app/widget/callback/cardiomood/route.ts#GET': {
    access: 'public',
    verbs: [widgetCallbackRoute],
    rule: 'the OAuth state (random, single use) names the account that started the connection',
    probe: async () => {
      const url = `http://localhost/widget/callback/cardiomood?state=${randomUUID()}&code=stolen`;
      const answer = await widgetCallbackRoute()(new Request(url));
      expect(answer.headers.get('location')).toBeNull();
    },
  },
  'app/widget/session/[id]/connect/route.ts#GET': {
    access: 'public',
    verbs: [widgetConnectRoute],
    rule: 'the widget session id (random, expiring) names its account',
    probe: async () => {
      const id = randomUUID();
      const request = new Request(`http://localhost/widget/session/${id}/connect?provider=CARDIOMOOD`);
      const answer = await widgetConnectRoute()(request, { params: Promise.resolve({ id }) });
      expect(answer.headers.get('location')).toBeNull();
    },
  },
  'app/(dashboard)/deliveries/[id]/page.tsx': {
    access: 'session',
    verbs: [getDelivery],
    rule: "the delivery is read by its id within the session's account",
    probe: (t) => refusedLikeUnknown((id) => getDelivery({ ctx: mine(t), input: { deliveryId: id(t.b.deliveryId) } })),
  },
  'app/(dashboard)/users/[userId]/page.tsx': {
    access: 'session',
    verbs: [getUserState, userCharts, listUserPayloads, userTimeline, listBackfills],
    rule: "the user is looked up in the session's account; the rest is read for the user found",
    probe: async (t) => {
      const ctx = mine(t);
      const userId = (id: (real: string) => string) => id(t.b.user.id);
      await refusedLikeUnknown((id) => getUserState({ ctx, input: { userId: userId(id) } }));
      await refusedLikeUnknown((id) => userCharts({ ctx, input: { userId: userId(id) } }));
      await refusedLikeUnknown((id) => listUserPayloads({ ctx, input: { userId: userId(id) } }));
      await refusedLikeUnknown((id) => userTimeline({ ctx, input: { userId: userId(id) } }));
      const backfills = await listBackfills({ ctx, input: { limit: 200 } });
      expect(backfills.map((b) => b.id)).not.toContain(t.b.backfillId);
    },
  },
  'app/(dashboard)/users/[userId]/payloads/[payloadId]/page.tsx': {
    access: 'session',
    verbs: [getUserPayload],
    rule: "both ids are checked: the user in the session's account, the payload of that user",
    probe: async (t) => {
      const ctx = mine(t);
      const pairs = [
        [t.b.user.id, t.b.payloadId],
        [t.a.user.id, t.b.payloadId],
        [t.b.user.id, t.a.payloadId],
      ] as const;
      for (const [userId, payloadId] of pairs) {
        expect((await settle(() => getUserPayload({ ctx, input: { userId, payloadId } }))).error?.kind).toBe(
          'not_found',
        );
      }
    },
  },
  'app/widget/session/[id]/page.tsx': {
    access: 'public',
    verbs: [widgetPage],
    rule: 'the widget session id (random, expiring) names its account',
    probe: async () => {
      expect((await widgetPage(randomUUID())).ok).toBe(false);
    },
  },
};
