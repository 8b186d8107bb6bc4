import pg from 'pg';

/**
 * `LISTEN channel` on a dedicated connection (a pooled one would be handed to other queries between
 * notifications) that comes back after PostgreSQL restarts: it reconnects with backoff, listens
 * again and calls `onNotify` once, for whatever was sent while it was away. Resolves to the unsubscribe.
 */
export async function listenWithReconnect(url: string, channel: string, onNotify: () => void) {
  let current: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;

  const connect = async () => {
    // A server half up or half down may neither accept nor refuse: such an attempt is given up and retried.
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
    client.on('error', () => {}); // a lost connection also ends it: 'end' reconnects
    client.on('notification', onNotify);
    try {
      await client.connect();
      await client.query(`listen ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    if (stopped) {
      await client.end();
      return;
    }
    client.on('end', () => {
      if (!stopped) reconnect(250);
    });
    current = client;
  };

  const reconnect = (delayMs: number) => {
    current = null;
    retry = setTimeout(async () => {
      retry = null;
      if (stopped) return;
      try {
        await connect();
        onNotify();
      } catch {
        reconnect(Math.min(delayMs * 2, 5_000));
      }
    }, delayMs);
  };

  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await current?.end();
  };
}
