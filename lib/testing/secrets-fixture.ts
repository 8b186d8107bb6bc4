import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { connections, deliveries } from '@/db/schema';
import type { Db } from '@/db/client';
import { createApiKey } from '../api-keys/create-api-key';
import { deliverOne } from '../delivery/deliver';
import { addDestination } from '../destinations/add-destination';
import { rotateSigningSecret } from '../destinations/rotate-signing-secret';
import { setCardiomoodIntegration } from '../integrations/set-integration';
import { cardiomoodRedirectUri } from '../integrations/redirect-uri';
import { syncConnection } from '../ingest/sync-connection';
import { startSimulator } from '../providers/cardiomood/simulator/server';
import { decrypt } from '../security/encryption';
import { connectUser } from './connector';
import { accountWithOwner, testPassword } from './fixtures';

const random = (bytes = 18) => randomBytes(bytes).toString('base64url');
const now = Date.parse('2026-03-15T12:00:00Z');

/**
 * An account holding a secret of every kind, each put there through the verbs a user calls: a
 * CardioMood client secret, a connected user's OAuth tokens, destinations of every kind with
 * credentials, rotated signing secrets, an API key, and one delivery attempt per destination.
 * `plaintexts` names every secret in clear, for tests that look for them where they must not be.
 */
export async function accountFullOfSecrets(db: Db) {
  const client = { id: `client-${random(6)}`, secret: `cs-${random()}` };
  const sim = await startSimulator({
    accounts: 2,
    clients: [{ ...client, redirectUris: [cardiomoodRedirectUri()] }],
    rateLimitPerMinute: 1000,
    now: () => now,
  });
  const { owner, email } = await accountWithOwner(db, 'Secrets Co');
  await setCardiomoodIntegration({
    ctx: owner,
    input: {
      enabled: true,
      clientId: client.id,
      clientSecret: client.secret,
      apiBaseUrl: sim.url,
      authBaseUrl: sim.url,
    },
  });
  process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS = '127.0.0.1/32';
  const receiver = await rawReceiver();
  const plaintexts: Record<string, string> = { clientSecret: client.secret, memberPassword: testPassword };
  const hookUser = `hook-${random(6)}`;
  plaintexts.webhookUrlPassword = `pw-${random()}`;
  const hook = new URL(receiver.url);
  hook.username = hookUser;
  hook.password = plaintexts.webhookUrlPassword;
  plaintexts.webhookSigningSecret = `whsec_${randomBytes(32).toString('base64')}`;
  const webhook = await addDestination({
    ctx: owner,
    input: { kind: 'webhook', url: hook.toString(), secret: plaintexts.webhookSigningSecret },
  });
  plaintexts.webhookRotatedSecret = (
    await rotateSigningSecret({ ctx: owner, input: { destinationId: webhook.id } })
  ).signingSecret;
  plaintexts.inboxSigningSecret = (await addDestination({ ctx: owner, input: { kind: 'inbox' } })).signingSecret;
  for (const [name, input] of Object.entries(configuredDestinations(plaintexts))) {
    const added = await addDestination({ ctx: owner, input: { ...input, timeoutSeconds: 2 } as never });
    plaintexts[`${name}SigningSecret`] = added.signingSecret;
  }
  plaintexts.apiKey = (await createApiKey({ ctx: owner, input: { name: 'dump test' } })).key;

  const { userId } = await connectUser(db, owner, 'user1');
  const [connection] = await db.select().from(connections).where(eq(connections.id, userId));
  if (!connection?.refreshToken) throw new Error('the connection has no tokens');
  plaintexts.accessToken = decrypt(connection.accessToken);
  plaintexts.refreshToken = decrypt(connection.refreshToken);
  await syncConnection(db, userId, { now: new Date(now) });
  // One attempt for each destination, so that answers and errors are in the dump too.
  const rows = await db.select({ id: deliveries.id, destinationId: deliveries.destinationId }).from(deliveries);
  const firstPerDestination = new Map(rows.map((row) => [row.destinationId, row.id]));
  for (const id of firstPerDestination.values()) await deliverOne(db, id);

  return {
    owner,
    email,
    userId,
    plaintexts,
    sim,
    receiver,
    webhookId: webhook.id,
    async close() {
      await receiver.close();
      await sim.close();
    },
  };
}

/** A destination of every configured kind, each with credentials; hosts on loopback answer nothing useful. */
function configuredDestinations(plaintexts: Record<string, string>) {
  const secret = (name: string, value = `${name}-${random()}`) => {
    plaintexts[name] = value;
    return value;
  };
  const sql = { host: '127.0.0.1', database: `hb_missing_${random(4).toLowerCase()}`, user: 'heartbridge' };
  const azureKey = secret('azureAccountKey', randomBytes(32).toString('base64'));
  return {
    postgres: { kind: 'postgres', settings: { ...sql, port: 5432 }, secrets: { password: secret('postgresPassword') } },
    mysql: { kind: 'mysql', settings: { ...sql, port: 3306 }, secrets: { password: secret('mysqlPassword') } },
    s3: {
      kind: 's3',
      settings: { endpoint: 'http://127.0.0.1:9', region: 'us-east-1', bucket: 'heartbridge-dump' },
      secrets: { accessKeyId: secret('s3AccessKeyId', `AKIA${random(12)}`), secretAccessKey: secret('s3SecretKey') },
    },
    azureKey: {
      kind: 'azure_blob',
      settings: { container: 'heartbridge' },
      secrets: {
        connectionString: `DefaultEndpointsProtocol=http;AccountName=dumptest;AccountKey=${azureKey};BlobEndpoint=http://127.0.0.1:9/dumptest`,
      },
    },
    azureSas: {
      kind: 'azure_blob',
      settings: { container: 'heartbridge' },
      secrets: { sasUrl: `http://127.0.0.1:9/dumptest?sv=2022-11-02&sp=cw&sig=${secret('azureSasSignature')}` },
    },
    rabbitmq: {
      kind: 'rabbitmq',
      settings: { host: '127.0.0.1', port: 5672, exchange: 'heartbridge-dump', user: 'heartbridge-dump' },
      secrets: { password: secret('rabbitmqPassword') },
    },
    natsPassword: {
      kind: 'nats',
      settings: { servers: ['127.0.0.1:4222'], subject: 'heartbridge.dump', user: 'heartbridge-dump' },
      secrets: { password: secret('natsPassword') },
    },
    natsToken: {
      kind: 'nats',
      settings: { servers: ['127.0.0.1:4222'], subject: 'heartbridge.dump' },
      secrets: { token: secret('natsToken') },
    },
  };
}

export interface RawRequest {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on loopback that keeps each request's headers and exact body, answering 200. */
async function rawReceiver() {
  const received: RawRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
