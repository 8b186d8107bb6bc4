import { HeartbridgeError } from '@/lib/errors';

/** Why a CardioMood API call failed: the sync job reacts differently to each. */
export class ApiFailure extends HeartbridgeError {
  constructor(
    readonly reason: 'unauthorized' | 'rate_limited' | 'unavailable' | 'malformed' | 'budget',
    detail: string,
    readonly retryAfterMs?: number,
  ) {
    super('upstream', `CardioMood API: ${reason}: ${detail}`, { reason });
  }
}

export interface ApiAnswer {
  /** The answer's text exactly as received. */
  text: string;
  body: unknown;
}

export interface ApiClientOptions {
  apiBaseUrl: string;
  accessToken: string;
  /** Waits for the shared budget before each call (see lib/ingest/rate-budget.ts). */
  beforeCall: () => Promise<void>;
  timeoutMs?: number;
}

/** CardioMood's Health Cloud REST API, as documented: bearer token, JSON answers. */
export function cardiomoodApi(options: ApiClientOptions) {
  async function get(path: string, query: Record<string, string>): Promise<ApiAnswer> {
    await options.beforeCall();
    const url = new URL(path, options.apiBaseUrl);
    url.search = new URLSearchParams(query).toString();
    const send = () =>
      fetch(url, {
        headers: { authorization: `Bearer ${options.accessToken}`, accept: 'application/json' },
        signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
      });
    let response: Response;
    try {
      // A kept-alive socket the server closed while this process was busy normalizing is reset on
      // reuse; the GET never reached CardioMood, so it is sent once more on a fresh connection.
      response = await send().catch((error: unknown) => (connectionReset(error) ? send() : Promise.reject(error)));
    } catch (error) {
      throw new ApiFailure('unavailable', `${path}: ${(error as Error).message}`);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw new ApiFailure('unavailable', `${path}: the answer was cut off (${(error as Error).message})`);
    }
    if (response.status === 401) throw new ApiFailure('unauthorized', `${path}: HTTP 401`);
    if (response.status === 429) throw new ApiFailure('rate_limited', `${path}: HTTP 429`, 60_000);
    if (!response.ok) throw new ApiFailure('unavailable', `${path}: HTTP ${response.status}`);
    try {
      return { text, body: JSON.parse(text) };
    } catch {
      throw new ApiFailure('malformed', `${path}: the answer is not JSON (${text.length} bytes)`);
    }
  }

  return {
    /** One page of `/user-summaries` for local dates `from`..`to` (inclusive), with slots. */
    summaries(from: string, to: string, page = 1, perPage = 31) {
      return get('/user-summaries', {
        date_from: from,
        date_to: to,
        include_slots: '1',
        per_page: String(perPage),
        page: String(page),
      });
    },
    /** One local day of a raw metric, by the user's wall-clock time (`from_client_date` pair). */
    rawMetric(metric: string, date: string) {
      return get(`/v2/raw-metrics/${metric}`, {
        from_client_date: `${date}T00:00:00.000`,
        to_client_date: `${date}T23:59:59.999`,
      });
    },
  };
}

export type CardiomoodApi = ReturnType<typeof cardiomoodApi>;

function connectionReset(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  return cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET';
}
