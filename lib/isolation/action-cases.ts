import { randomUUID } from 'node:crypto';
import { chooseAccount } from '../accounts/choose-account';
import { createApiKey } from '../api-keys/create-api-key';
import { revokeApiKey } from '../api-keys/revoke-api-key';
import type { Permission } from '../auth/roles';
import { cancelBackfill } from '../backfills/cancel-backfill';
import { startBackfill } from '../backfills/start-backfill';
import { deauthenticateUser } from '../connections/deauthenticate-user';
import { resyncConnection } from '../connections/resync-connection';
import type { MemberCtx } from '../context';
import { replayDelivery } from '../delivery/replay-delivery';
import { replayFailed } from '../delivery/replay-failed';
import { addDestination } from '../destinations/add-destination';
import { removeDestination } from '../destinations/remove-destination';
import { rotateSigningSecret } from '../destinations/rotate-signing-secret';
import { sendTestEvent } from '../destinations/send-test-event';
import { setDestinationStatus } from '../destinations/set-destination-status';
import { updateDestination } from '../destinations/update-destination';
import { getUserState } from '../inspector/user-state';
import { setCardiomoodIntegration } from '../integrations/set-integration';
import { testCardiomoodIntegration } from '../integrations/test-integration';
import { addMember } from '../members/add-member';
import { changeMemberRole } from '../members/change-member-role';
import { removeMember } from '../members/remove-member';
import { sendExamplePayload } from '../payloads/send-example-payload';
import { simClient } from '../testing/connector';
import { accountWithOwner, connectionFor, memberWithRole } from '../testing/fixtures';
import type { TenantWorld } from '../testing/tenant-world';

type Input = Record<string, unknown>;
type Verb = (...args: never[]) => unknown;

/** The action body `verb({ ctx, input })`: the table's inputs are plain objects, each verb parses its own. */
const call =
  <I>(verb: (args: { ctx: MemberCtx; input: I }) => Promise<unknown>) =>
  (ctx: MemberCtx, input: Input) =>
    verb({ ctx, input: input as I });

/** Two accounts: the signed-in member acts in `a`; `b` is the other tenant whose rows they aim at. */
export interface Tenants {
  a: TenantWorld;
  b: TenantWorld;
  simulatorUrl: string;
}

export interface ActionCase {
  /** The lib functions the action calls, in order; a static check proves the action file calls exactly these. */
  verbs: readonly Verb[];
  /** What the action needs: a role without it must be refused by name, changing nothing. */
  permission: Permission;
  /** The action's body: what it does with the session's ctx and its input. */
  run(ctx: MemberCtx, input: Input): Promise<unknown>;
  /**
   * Calls from account A aimed at account B. `refused`: B's ids must be not found, exactly as unknown
   * ids are. Otherwise (an action naming no row) it must act on A alone. B is unchanged either way.
   */
  foreign(t: Tenants): Array<{ input: Input; refused: boolean }>;
  /** A valid call in A by `actor`, preparing what it consumes: it succeeds whenever the role may. */
  allowed(t: Tenants, actor: MemberCtx): Promise<Input>;
}

const range = { from: '2025-06-01', to: '2025-06-03', dataTypes: ['daily' as const] };
const refused = (input: Input) => ({ input, refused: true });
const own = (input: Input) => ({ input, refused: false });

const byDestination = (verb: Verb, run: ActionCase['run'], extra: Input = {}): ActionCase => ({
  verbs: [verb],
  permission: 'destinations.manage',
  run,
  foreign: ({ b }) => [
    refused({ destinationId: b.webhook.id, ...extra }),
    refused({ destinationId: b.inbox.id, ...extra }),
  ],
  allowed: async ({ a }) => ({ destinationId: a.webhook.id, ...extra }),
});

/** Every server action under app/, by `file#export`. A new action fails the isolation tests until it has a row. */
export const actionCases: Record<string, ActionCase> = {
  'app/(dashboard)/actions/switch-account.ts#switchAccount': {
    verbs: [chooseAccount],
    permission: 'account.read',
    run: call(chooseAccount),
    foreign: ({ b }) => [refused({ accountId: b.account.id })],
    allowed: async (_, actor) => {
      const other = await accountWithOwner(actor.db, 'Second account');
      await addMember({ ctx: other.owner, input: { email: actor.actor.email, role: 'viewer' } });
      return { accountId: other.account.id };
    },
  },
  'app/(dashboard)/api-keys/actions/create-api-key.ts#createApiKeyAction': {
    verbs: [createApiKey],
    permission: 'api_keys.manage',
    run: call(createApiKey),
    foreign: () => [own({ name: 'made in A' })],
    allowed: async () => ({ name: 'role matrix' }),
  },
  'app/(dashboard)/api-keys/actions/revoke-api-key.ts#revokeApiKeyAction': {
    verbs: [revokeApiKey],
    permission: 'api_keys.manage',
    run: call(revokeApiKey),
    foreign: ({ b }) => [refused({ keyId: b.key.id })],
    allowed: async ({ a }) => ({ keyId: (await createApiKey({ ctx: a.owner, input: { name: 'to revoke' } })).id }),
  },
  'app/(dashboard)/backfills/actions/cancel-backfill.ts#cancelBackfillAction': {
    verbs: [cancelBackfill],
    permission: 'backfills.manage',
    run: call(cancelBackfill),
    foreign: ({ b }) => [refused({ backfillId: b.backfillId })],
    allowed: async ({ a }) => ({
      backfillId: (await startBackfill({ ctx: a.owner, input: { userId: a.user.id, ...range } })).id,
    }),
  },
  'app/(dashboard)/backfills/actions/start-backfill.ts#startBackfillAction': {
    verbs: [startBackfill],
    permission: 'backfills.manage',
    run: call(startBackfill),
    foreign: ({ b }) => [refused({ userId: b.user.id, ...range }), own({ allUsers: true, ...range })],
    allowed: async ({ a }) => ({ userId: a.user.id, ...range }),
  },
  'app/(dashboard)/deliveries/actions/replay-delivery.ts#replayDeliveryAction': {
    verbs: [replayDelivery],
    permission: 'deliveries.replay',
    run: call(replayDelivery),
    foreign: ({ b }) => [refused({ deliveryId: b.deliveryId })],
    allowed: async ({ a }) => ({ deliveryId: a.deliveryId }),
  },
  'app/(dashboard)/deliveries/actions/replay-failed.ts#replayFailedAction': {
    verbs: [replayFailed],
    permission: 'deliveries.replay',
    run: call(replayFailed),
    foreign: ({ b }) => [
      refused({ from: '2026-01-01', to: '2026-02-01', destinationId: b.webhook.id }),
      own({ from: '2026-01-01', to: '2026-02-01' }),
    ],
    allowed: async () => ({ from: '2026-01-01', to: '2026-02-01' }),
  },
  'app/(dashboard)/destinations/actions/add-destination.ts#addDestinationAction': {
    verbs: [addDestination],
    permission: 'destinations.manage',
    run: call(addDestination),
    foreign: () => [own({ kind: 'inbox', name: 'made in A' })],
    allowed: async () => ({ kind: 'inbox', name: 'role matrix' }),
  },
  'app/(dashboard)/destinations/actions/remove-destination.ts#removeDestinationAction': {
    ...byDestination(removeDestination, call(removeDestination)),
    allowed: async ({ a }) => ({
      destinationId: (await addDestination({ ctx: a.owner, input: { kind: 'inbox', name: 'to remove' } })).id,
    }),
  },
  'app/(dashboard)/destinations/actions/rotate-signing-secret.ts#rotateSigningSecretAction': byDestination(
    rotateSigningSecret,
    call(rotateSigningSecret),
  ),
  'app/(dashboard)/destinations/actions/send-test-event.ts#sendTestEventAction': byDestination(
    sendTestEvent,
    call(sendTestEvent),
  ),
  'app/(dashboard)/destinations/actions/set-destination-status.ts#setDestinationStatusAction': byDestination(
    setDestinationStatus,
    call(setDestinationStatus),
    { enabled: false },
  ),
  'app/(dashboard)/destinations/actions/update-destination.ts#updateDestinationAction': byDestination(
    updateDestination,
    call(updateDestination),
    { name: 'Renamed', eventTypes: [], timeoutSeconds: 5, maxRetries: 3 },
  ),
  'app/(dashboard)/integrations/actions/save-cardiomood.ts#saveCardiomoodAction': {
    verbs: [setCardiomoodIntegration],
    permission: 'integrations.manage',
    run: call(setCardiomoodIntegration),
    foreign: ({ simulatorUrl }) => [own(simulatorSettings(simulatorUrl))],
    allowed: async ({ simulatorUrl }) => simulatorSettings(simulatorUrl),
  },
  'app/(dashboard)/integrations/actions/test-cardiomood.ts#testCardiomoodAction': {
    verbs: [testCardiomoodIntegration],
    permission: 'integrations.manage',
    run: async (ctx) => {
      const tested = await testCardiomoodIntegration({ ctx });
      // A's client is the simulator's; B's is one no CardioMood knows: an answer about B's would fail.
      if (!tested.ok) throw new Error(`tested another integration than A's: ${tested.message}`);
      return tested;
    },
    foreign: () => [own({})],
    allowed: async () => ({}),
  },
  'app/(dashboard)/payloads/actions/send-example.ts#sendExampleAction': {
    verbs: [sendExamplePayload],
    permission: 'payloads.send_example',
    run: call(sendExamplePayload),
    foreign: () => [own({ type: 'daily' })],
    allowed: async () => ({ type: 'daily' }),
  },
  'app/(dashboard)/team/actions/add-member.ts#addMemberAction': {
    verbs: [addMember],
    permission: 'team.manage',
    run: call(addMember),
    // B's owner joins A as a viewer: their role in B stays what it was.
    foreign: ({ b }) => [own({ email: b.email, role: 'viewer' })],
    allowed: async () => ({
      email: `new-${randomUUID()}@example.test`,
      role: 'viewer',
      initialPassword: 'a-long-password',
    }),
  },
  'app/(dashboard)/team/actions/change-member-role.ts#changeMemberRoleAction': {
    verbs: [changeMemberRole],
    permission: 'team.manage',
    run: call(changeMemberRole),
    foreign: ({ b }) => [refused({ memberId: b.viewer.actor.memberId, role: 'owner' })],
    allowed: async ({ a }) => ({ memberId: (await memberWithRole(a.owner, 'viewer')).actor.memberId, role: 'support' }),
  },
  'app/(dashboard)/team/actions/remove-member.ts#removeMemberAction': {
    verbs: [removeMember],
    permission: 'team.manage',
    run: call(removeMember),
    foreign: ({ b }) => [refused({ memberId: b.viewer.actor.memberId })],
    allowed: async ({ a }) => ({ memberId: (await memberWithRole(a.owner, 'viewer')).actor.memberId }),
  },
  'app/(dashboard)/users/[userId]/actions/deauthenticate-user.ts#deauthenticateUserAction': {
    verbs: [getUserState, deauthenticateUser],
    permission: 'connections.operate',
    run: async (ctx, input) => {
      const user = await getUserState({ ctx, input: input as { userId: string } });
      return deauthenticateUser({ ctx, input: { userId: user.userId } });
    },
    foreign: ({ b }) => [refused({ userId: b.user.id })],
    allowed: async ({ a }) => ({ userId: (await connectionFor(a.owner)).id }),
  },
  'app/(dashboard)/users/[userId]/actions/resync-user.ts#resyncUserAction': {
    verbs: [resyncConnection],
    permission: 'connections.operate',
    run: call(resyncConnection),
    foreign: ({ b }) => [refused({ userId: b.user.id })],
    allowed: async ({ a }) => ({ userId: a.user.id }),
  },
};

function simulatorSettings(url: string) {
  return {
    enabled: true,
    clientId: simClient.id,
    clientSecret: simClient.secret,
    apiBaseUrl: url,
    authBaseUrl: url,
    pollIntervalMinutes: 60,
    lookbackDays: 2,
    rateLimitPerMinute: 1000,
    appSchemes: [],
  };
}

/** Lib functions an action or route may call besides its verbs: they read no account data. */
export const pureHelpers = new Set([
  'isHeartbridgeError',
  'can',
  'isPayloadType',
  'examplePayload',
  'defaultRange',
  'addDays',
]);
