import { createHmac, randomBytes } from 'node:crypto';
import { type Account, makeAccount } from './accounts';
import { type Faults, FaultSwitch } from './faults';

/** A registered client app, as the CardioMood Developer Dashboard would hold it. */
export interface ClientApp {
  id: string;
  secret: string;
  /** Compared exactly with the `redirect_uri` of a request. */
  redirectUris: string[];
}

export interface SimulatorOptions {
  /** Number of accounts `user1`…`userN` (default 3). */
  accounts?: number;
  /** Every account's password (default `password`). */
  password?: string;
  clients?: ClientApp[];
  /** Calls a client app may make in one clock minute (default 180, CardioMood's documented default). */
  rateLimitPerMinute?: number;
  accessTokenTtlSeconds?: number;
  /** The clock (epoch ms); tests and compressed-time demos pass their own. */
  now?: () => number;
  seed?: string;
  faults?: Partial<Faults>;
  /** Guards `/admin/*` (header `x-admin-token`); without it, admin answers loopback callers only. */
  adminToken?: string;
  port?: number;
  host?: string;
  /** A file to keep grants in across restarts (the demo's); without it they live in memory. */
  statePath?: string;
}

interface Grant {
  clientId: string;
  username: string;
  scope: string | null;
  /** The authorization code the chain of tokens started from; a reused code revokes the whole chain. */
  family: string;
}
export interface CodeGrant extends Grant {
  redirectUri: string;
  expiresAt: number;
  used: boolean;
}
export interface AccessGrant extends Grant {
  expiresAt: number;
}
export interface RefreshGrant extends Grant {
  used: boolean;
}

export interface CallStats {
  total: number;
  /** Calls answered 429 because the minute's budget was spent (or a rate-limit storm was on). */
  limited: number;
  /** Calls per clock minute, keyed by the minute's UTC start (`2024-01-01T10:05`). */
  byMinute: Record<string, number>;
}

/** Calls of a request that no client app can be held responsible for (no or unknown token). */
export const ANONYMOUS = '(unauthenticated)';
const MINUTE = 60_000;
const MAX_MINUTES_KEPT = 1440;

export type SimulatorState = ReturnType<typeof createState>;

export function createState(options: SimulatorOptions) {
  const seed = options.seed ?? 'cardiomood';
  const password = options.password ?? 'password';
  const accounts = new Map<string, Account>();
  for (let i = 1; i <= (options.accounts ?? 3); i++) accounts.set(`user${i}`, makeAccount(`user${i}`, password, seed));
  const faults = new FaultSwitch(seed);
  if (options.faults) faults.set(options.faults);
  return {
    seed,
    now: options.now ?? Date.now,
    rateLimit: options.rateLimitPerMinute ?? 180,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    adminToken: options.adminToken,
    accounts,
    clients: new Map((options.clients ?? []).map((client) => [client.id, client])),
    codes: new Map<string, CodeGrant>(),
    accessTokens: new Map<string, AccessGrant>(),
    refreshTokens: new Map<string, RefreshGrant>(),
    calls: new Map<string, CallStats & { window: number; inWindow: number }>(),
    faults,
    signingKey: randomBytes(32),
    statePath: options.statePath,
  };
}

export const opaque = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** A JWT-looking access token, as CardioMood's tymon/jwt-auth tokens look; it is only ever looked up, never decoded. */
export function accessToken(state: SimulatorState, account: Account, expiresAt: number): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const iat = Math.floor(state.now() / 1000);
  const header = part({ typ: 'JWT', alg: 'HS256' });
  const payload = part({
    iss: 'cardiomood-simulator',
    iat,
    nbf: iat,
    exp: Math.floor(expiresAt / 1000),
    jti: opaque(12),
    sub: account.profile.uuid,
    prv: '23bd5c8949f600adb39e701c400872db7a5976f7',
  });
  const signature = createHmac('sha256', state.signingKey).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

/** The account behind a live grant; null once the account revoked access. */
export function liveAccount(state: SimulatorState, grant: Grant): Account | null {
  const account = state.accounts.get(grant.username);
  return account && !account.revoked ? account : null;
}

/**
 * Counts one call against `clientId` in the fixed clock-minute window, and says what is left.
 * Every call counts, refused ones included: the budget is what the server sees, not what it serves.
 */
export function countCall(state: SimulatorState, clientId: string) {
  const now = state.now();
  const window = Math.floor(now / MINUTE) * MINUTE;
  const calls = state.calls.get(clientId) ?? { total: 0, limited: 0, byMinute: {}, window, inWindow: 0 };
  state.calls.set(clientId, calls);
  if (calls.window !== window) Object.assign(calls, { window, inWindow: 0 });
  calls.total++;
  calls.inWindow++;
  const minute = new Date(window).toISOString().slice(0, 16);
  calls.byMinute[minute] = (calls.byMinute[minute] ?? 0) + 1;
  const minutes = Object.keys(calls.byMinute);
  if (minutes.length > MAX_MINUTES_KEPT) delete calls.byMinute[minutes[0] as string];
  const allowed = calls.inWindow <= state.rateLimit;
  if (!allowed) calls.limited++;
  return { allowed, limit: state.rateLimit, remaining: Math.max(0, state.rateLimit - calls.inWindow) };
}

export function markLimited(state: SimulatorState, clientId: string): void {
  const calls = state.calls.get(clientId);
  if (calls) calls.limited++;
}

export function stats(state: SimulatorState) {
  const calls: Record<string, CallStats> = {};
  for (const [clientId, { total, limited, byMinute }] of state.calls) {
    calls[clientId] = { total, limited, byMinute: { ...byMinute } };
  }
  return { calls, accounts: accountList(state) };
}

export function accountList(state: SimulatorState) {
  const now = state.now();
  return [...state.accounts.values()].map((account) => ({
    username: account.username,
    offsetMinutes: account.person.offsetMinutes,
    revoked: account.revoked,
    activeAccessTokens: [...state.accessTokens.values()].filter(
      (grant) => grant.username === account.username && grant.expiresAt > now,
    ).length,
    profile: account.profile,
  }));
}

/** Every access token issued so far expires now; refresh tokens keep working. Returns how many were live. */
export function expireAccessTokens(state: SimulatorState): number {
  const now = state.now();
  let live = 0;
  for (const grant of state.accessTokens.values()) {
    if (grant.expiresAt > now) live++;
    grant.expiresAt = Math.min(grant.expiresAt, now);
  }
  return live;
}

/** Forgets expired access tokens and used codes once there are many, so a long demo does not grow without bound. */
export function prune(state: SimulatorState): void {
  if (state.accessTokens.size + state.codes.size < 10_000) return;
  const now = state.now();
  for (const [token, grant] of state.accessTokens) if (grant.expiresAt <= now) state.accessTokens.delete(token);
  for (const [code, grant] of state.codes) if (grant.used || grant.expiresAt <= now) state.codes.delete(code);
}
