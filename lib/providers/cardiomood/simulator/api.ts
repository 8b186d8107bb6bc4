import type { Account } from './accounts';
import { DAY, localDate, parseDateTime, parseYmd, ymd } from './dates';
import { type Incoming, json, notFound, type Reply, validationError } from './http';
import {
  activityRecords,
  hrvRecords,
  type Person,
  rrIntervalRecords,
  sleepRecords,
  temperatureRecords,
} from './records';
import { ANONYMOUS, countCall, liveAccount, markLimited, type SimulatorState } from './state';
import { userSummary } from './summary';

/** An API answer and what the server must still do to it: wait, or spoil it (see ./faults.ts). */
export interface Outcome {
  reply: Reply;
  clientId?: string;
  delayMs?: number;
  spoil?: 'truncated' | 'malformed';
}

type Handler = (state: SimulatorState, account: Account, req: Incoming) => Reply;

/**
 * Every data-API call: counted against its client app, refused past the minute's budget, then
 * authenticated, then maybe struck by a fault. The rate-limit headers go on every answer.
 */
export function apiCall(state: SimulatorState, req: Incoming, handler: Handler): Outcome {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const grant = bearer ? state.accessTokens.get(bearer) : undefined;
  const clientId = grant?.clientId ?? ANONYMOUS;
  const budget = countCall(state, clientId);
  const faults = state.faults.value;
  const storm = faults.rateLimitStorm;
  if (storm && budget.allowed) markLimited(state, clientId);
  const headers = {
    'x-ratelimit-limit': String(budget.limit),
    'x-ratelimit-remaining': String(storm ? 0 : budget.remaining),
  };
  const answer = (reply: Reply, spoil?: Outcome['spoil']): Outcome => ({
    reply: { ...reply, headers: { ...reply.headers, ...headers } },
    clientId,
    delayMs: faults.latencyMs,
    spoil,
  });
  if (storm || !budget.allowed) return answer(json(429, { message: 'Too Many Attempts.' }));
  const account = grant && grant.expiresAt > state.now() ? liveAccount(state, grant) : null;
  if (!account) return answer(json(401, { message: 'Unauthenticated.' }));
  const fault = state.faults.draw();
  if (fault === 'error') return answer(json(500, { message: 'Server Error' }));
  return answer(handler(state, account, req), fault ?? undefined);
}

const MAX_PER_PAGE = 100;
const BOOLEAN: Record<string, boolean> = { '0': false, '1': true, false: false, true: true };

/** `GET /user-summaries`: one summary per local day, none after today, today's up to now; Laravel's paginator. */
export function summaries(state: SimulatorState, account: Account, req: Incoming): Reply {
  const q = req.query;
  const errors: Record<string, string> = {};
  const day = (field: string, label: string) => {
    const value = q.get(field);
    if (!value) errors[field] = `The ${label} field is required.`;
    else if (parseYmd(value) === null) errors[field] = `The ${label} does not match the format Y-m-d.`;
    return value ? parseYmd(value) : null;
  };
  const from = day('date_from', 'date from');
  const to = day('date_to', 'date to');
  if (from !== null && to !== null && from > to) {
    errors.date_to = 'The date to must be a date after or equal to date from.';
  }
  const includeSlots = BOOLEAN[q.get('include_slots') ?? '0'];
  if (includeSlots === undefined) errors.include_slots = 'The include slots field must be true or false.';
  const perPage = whole(q.get('per_page'), 10);
  if (perPage === null || perPage < 1 || perPage > MAX_PER_PAGE) {
    errors.per_page = `The per page must be between 1 and ${MAX_PER_PAGE}.`;
  }
  const page = whole(q.get('page'), 1);
  if (page === null) errors.page = 'The page must be an integer.';
  if (Object.keys(errors).length || from === null || to === null || perPage === null || page === null) {
    return validationError(errors);
  }
  const now = state.now();
  const today = parseYmd(localDate(now, account.person.offsetMinutes)) as number;
  const last = Math.min(to, today);
  const total = last < from ? 0 : Math.round((last - from) / DAY) + 1;
  const currentPage = Math.max(1, page); // Laravel reads page 0 (the docs' example) as page 1
  const data = [];
  for (let i = (currentPage - 1) * perPage; i < Math.min(total, currentPage * perPage); i++) {
    const summary = userSummary(account.person, ymd(from + i * DAY), {
      includeSlots: Boolean(includeSlots),
      upTo: now,
    });
    if (summary) data.push(summary);
  }
  return json(200, {
    data,
    current_page: currentPage,
    last_page: Math.max(1, Math.ceil(total / perPage)),
    per_page: perPage,
    total,
  });
}

/** A non-negative integer parameter: `fallback` when absent, null when not digits or too large to mean anything. */
function whole(value: string | null, fallback: number): number | null {
  if (value === null || value === '') return fallback;
  return /^\d{1,9}$/.test(value) ? Number(value) : null;
}

type Generator = (person: Person, from: number, to: number) => unknown[];
const GENERATED: Record<string, Generator> = {
  activity: activityRecords,
  'rr-interval': rrIntervalRecords,
  sleep: sleepRecords,
  temperature: temperatureRecords,
  'heart-rate-variability': hrvRecords,
};
/** Documented high-rate metrics: checked like the others (30-minute maximum); the simulated bracelet records none. */
const HIGH_RATE = new Set(['ppg1', 'ppg2', 'bioz', 'acc', 'ecg']);
const HOUR = 3_600_000;

/** `GET /v2/raw-metrics/{metric}`: exactly one date pair, a bounded window, the records up to now. */
export function rawMetric(metric: string): (state: SimulatorState, account: Account, req: Incoming) => Reply {
  return (state, account, req) => {
    const generate = GENERATED[metric];
    if (!generate && !HIGH_RATE.has(metric)) return notFound();
    const q = req.query;
    const absolute = q.has('from_date') || q.has('to_date');
    const client = q.has('from_client_date') || q.has('to_client_date');
    if (absolute === client) {
      return validationError(
        { from_date: 'Pass either from_date and to_date, or from_client_date and to_client_date (exactly one pair).' },
        400,
      );
    }
    const [fromField, toField] = absolute
      ? (['from_date', 'to_date'] as const)
      : (['from_client_date', 'to_client_date'] as const);
    const errors: Record<string, string> = {};
    const read = (field: string) => {
      const value = q.get(field);
      const t = value ? parseDateTime(value, absolute, account.person.offsetMinutes) : null;
      if (!value) errors[field] = `The ${field.replaceAll('_', ' ')} field is required.`;
      else if (t === null) {
        errors[field] = absolute
          ? `The ${field} must be an ISO 8601 datetime with an offset, e.g. 2022-11-22T00:12:03.000+01:00 (send + as %2B).`
          : `The ${field} must be an ISO 8601 datetime without an offset, e.g. 2022-11-24T00:00:00.000.`;
      }
      return t;
    };
    const from = read(fromField);
    const to = read(toField);
    if (from !== null && to !== null && to < from) errors[toField] = `The ${toField} must not be before ${fromField}.`;
    if (from === null || to === null || Object.keys(errors).length) return validationError(errors);
    const maxHours = generate ? 24 : 0.5;
    if (to - from > maxHours * HOUR) {
      const limit = generate ? '24 hours' : '30 minutes';
      return validationError({ [toField]: `The window for ${metric} cannot be longer than ${limit}.` }, 400);
    }
    const end = Math.min(to, state.now()) + 1; // `to` is inclusive: the docs' local day ends at 23:59:59.999
    return json(200, generate && end > from ? generate(account.person, from, end) : []);
  };
}
