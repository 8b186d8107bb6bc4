import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { deliveries, events } from '@/db/schema';
import type { Db } from '@/db/client';
import type { Ctx } from '../context';
import { deliverOne } from '../delivery/deliver';
import { addDestination } from '../destinations/add-destination';

export interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** A webhook receiver on loopback answering 200 and keeping every request, added as the account's destination. */
export async function webhookReceiver(ctx: Ctx) {
  process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS = '127.0.0.1/32';
  const received: ReceivedWebhook[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  await addDestination({ ctx, input: { kind: 'webhook', url, timeoutSeconds: 10 } });
  return {
    received,
    /** Delivers every event with this reference now (as the delivery worker would), in emission order. */
    async deliverReference(db: Db, reference: string) {
      const rows = await db
        .select({ id: deliveries.id })
        .from(deliveries)
        .innerJoin(events, eq(events.id, deliveries.eventId))
        .where(eq(events.reference, reference))
        .orderBy(events.seq);
      for (const row of rows) await deliverOne(db, row.id);
      return received.filter((r) => r.headers['terra-reference'] === reference);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
