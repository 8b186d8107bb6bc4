import type { Ctx } from '../context';
import { Forbidden } from '../errors';

export const roles = ['owner', 'developer', 'support', 'viewer'] as const;
export type Role = (typeof roles)[number];

/** What each permission allows, and who holds it. The one place roles are decided. */
const grants = {
  'account.read': ['owner', 'developer', 'support', 'viewer'],
  'team.manage': ['owner'],
  'api_keys.manage': ['owner', 'developer'],
  'integrations.manage': ['owner', 'developer'],
  'destinations.manage': ['owner', 'developer'],
  'deliveries.replay': ['owner', 'developer', 'support'],
  'connections.operate': ['owner', 'developer', 'support'],
  'backfills.manage': ['owner', 'developer', 'support'],
  'payloads.send_example': ['owner', 'developer'],
  'connections.export': ['owner', 'developer', 'support'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof grants;

const described: Record<Permission, string> = {
  'account.read': 'view this account',
  'team.manage': 'manage team members',
  'api_keys.manage': 'manage API keys',
  'integrations.manage': 'change integrations',
  'destinations.manage': 'change destinations',
  'deliveries.replay': 'replay deliveries',
  'connections.operate': 'resync, backfill or deauthenticate users',
  'backfills.manage': 'start or cancel backfills',
  'payloads.send_example': 'send example payloads to destinations',
  'connections.export': "export a user's data",
};

export function can(role: Role, permission: Permission): boolean {
  return (grants[permission] as readonly Role[]).includes(role);
}

/** Every permission with who holds it and what it allows, for the docs and the role-matrix test. */
export function permissionTable(): Array<{ permission: Permission; allows: string; roles: readonly Role[] }> {
  return (Object.keys(grants) as Permission[]).map((permission) => ({
    permission,
    allows: described[permission],
    roles: grants[permission],
  }));
}

/** What a member whose role lacks `permission` is told. */
export function refusal(role: Role, permission: Permission): string {
  return `Your role (${role}) is not allowed to ${described[permission]}.`;
}

/** Throws Forbidden unless the context's actor holds `permission`. API keys and the system act as the account. */
export function authorize(ctx: Ctx, permission: Permission): void {
  if (ctx.actor.kind !== 'member') return;
  if (!can(ctx.actor.role, permission)) throw Forbidden(refusal(ctx.actor.role, permission));
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}
