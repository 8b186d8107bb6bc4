import { createHash } from 'node:crypto';
import type { EventRow } from './sender';

// Terra's SQL layout (terra-reference §5): terra_users, terra_data_payloads, terra_misc_payloads,
// with the payload JSON kept in the row. Every row is upserted by a natural key so that a
// redelivery or replay never duplicates, and an older event never overwrites a newer one.

export interface UserRow {
  userId: string;
  referenceId: string | null;
  createdAt: Date;
  scopes: string | null;
  provider: string;
  /** null: a data event, which keeps the state a lifecycle event set (`active` when new). */
  state: string | null;
  at: Date;
}
export interface DataRow {
  payloadId: string;
  userId: string;
  dataType: string;
  createdAt: Date;
  startTime: Date | null;
  endTime: Date | null;
  payload: string;
}
export interface MiscRow {
  payloadId: string;
  userId: string | null;
  dataType: string;
  payloadType: string | null;
  createdAt: Date;
  payload: string;
}
export interface TerraRows {
  users: UserRow[];
  data: DataRow[];
  misc: MiscRow[];
}

type Json = Record<string, unknown>;
const object = (value: unknown): Json | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const time = (value: unknown): Date | null => {
  const date = typeof value === 'string' ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
};

/** `a:b:c`, or when longer than the 100-character column, its head and a SHA-256 of the whole. */
function naturalKey(...parts: string[]): string {
  const key = parts.join(':');
  return key.length <= 100 ? key : `${key.slice(0, 59)}~${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
}

const LIFECYCLE_STATES: Record<string, string> = {
  auth: 'active',
  deauth: 'deauth',
  access_revoked: 'access_revoked',
  connection_error: 'connection_error',
};

/** What one event writes: pure, so both dialects write the same rows. */
export function terraRows(event: EventRow): TerraRows {
  const body = object(event.body) ?? {};
  const type = text(body.type) ?? event.type;
  const at = event.createdAt;
  const rows: TerraRows = { users: [], data: [], misc: [] };
  const addUser = (value: unknown, state: string | null) => {
    const user = object(value);
    const userId = text(user?.user_id);
    if (!user || !userId) return;
    const scopes = user.scopes;
    rows.users.push({
      userId,
      referenceId: text(user.reference_id),
      createdAt: time(user.created_at) ?? at,
      scopes: Array.isArray(scopes) ? scopes.join(',') : text(scopes),
      provider: text(user.provider) ?? 'UNKNOWN',
      state,
      at,
    });
  };
  const userId = text(object(body.user)?.user_id) ?? text(object(body.new_user)?.user_id) ?? event.userId;

  if (Array.isArray(body.data)) {
    addUser(body.user, null);
    for (const item of body.data) {
      const payload = object(item);
      if (!payload) continue;
      const metadata = object(payload.metadata);
      // Athlete profiles carry no time: one row per user, last write wins.
      const key = text(metadata?.summary_id) ?? text(metadata?.start_time) ?? 'profile';
      rows.data.push({
        payloadId: naturalKey(userId ?? '-', type, key),
        userId: userId ?? '-',
        dataType: type,
        createdAt: at,
        startTime: time(metadata?.start_time),
        endTime: time(metadata?.end_time),
        payload: JSON.stringify(payload),
      });
    }
    return rows;
  }
  if (type === 'user_reauth') {
    addUser(body.old_user, 'user_reauth');
    addUser(body.new_user, 'active');
  } else if (!(type === 'auth' && body.status === 'error')) {
    addUser(body.user, LIFECYCLE_STATES[type] ?? null);
  }
  rows.misc.push({
    payloadId: naturalKey(userId ?? '-', type, event.traceId),
    userId,
    dataType: type,
    // Assumption: Terra's payload_type is the event's outcome (`success`, `error`, `warning`).
    payloadType: text(body.status),
    createdAt: at,
    payload: JSON.stringify(body),
  });
  return rows;
}

export function summarize(rows: TerraRows): string {
  const count = (n: number, one: string, many: string) => (n > 0 ? [`${n} ${n === 1 ? one : many}`] : []);
  const parts = [
    ...count(rows.users.length, 'user', 'users'),
    ...count(rows.data.length, 'data payload', 'data payloads'),
    ...count(rows.misc.length, 'misc payload', 'misc payloads'),
  ];
  return parts.length > 0 ? `upserted ${parts.join(', ')}` : 'nothing to write';
}
