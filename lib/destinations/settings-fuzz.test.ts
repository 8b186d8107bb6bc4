import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destinations } from '@/db/schema';
import type { Ctx } from '../context';
import { generateSigningSecret } from '../delivery/signing-secret';
import { isHeartbridgeError } from '../errors';
import { databaseDigest } from '../testing/database-digest';
import { accountWithOwner } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';
import { addDestination } from './add-destination';
import { updateDestination } from './update-destination';

/** Inputs tried per kind; FUZZ_RUNS raises it for a longer hunt. */
const runs = Number(process.env.FUZZ_RUNS ?? 25);

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let owner: Ctx;
let other: Ctx;
const existing: Record<string, string> = {};

/** Credentials are recognisable, so that an error message echoing one is caught. */
const secret = (name: string) => `${name}-S3cr3t-9f2c7a`;

/** A valid input of every kind, pointing at loopback (allowed below) so that no DNS is asked. */
const valid: Record<string, Record<string, unknown>> = {
  webhook: {
    kind: 'webhook',
    name: 'Hook',
    url: `http://hook-user:${secret('url')}@127.0.0.1:9/hook`,
    secret: generateSigningSecret(),
    eventTypes: ['daily'],
    payloadFormat: 'fhir',
    timeoutSeconds: 8,
  },
  inbox: { kind: 'inbox', name: 'Inbox', eventTypes: [], payloadFormat: 'terra' },
  postgres: {
    kind: 'postgres',
    settings: {
      host: '127.0.0.1',
      port: 5432,
      database: 'terra',
      user: 'hb',
      ssl: true,
      sslCa: 'PEM',
      schema: 'terra',
    },
    secrets: { password: secret('pg') },
  },
  mysql: {
    kind: 'mysql',
    settings: { host: '127.0.0.1', port: 3306, database: 'terra', user: 'hb' },
    secrets: { password: secret('mysql') },
  },
  s3: {
    kind: 's3',
    settings: { endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', bucket: 'terra-data', prefix: 'a/b' },
    secrets: { accessKeyId: secret('key-id'), secretAccessKey: secret('s3') },
  },
  azure_blob: {
    kind: 'azure_blob',
    settings: { container: 'terra-data', prefix: 'x' },
    secrets: {
      connectionString: `DefaultEndpointsProtocol=http;AccountName=dev;AccountKey=${secret('azure')};BlobEndpoint=http://127.0.0.1:10000/dev`,
    },
  },
  'azure_blob (SAS URL)': {
    kind: 'azure_blob',
    settings: { container: 'terra-data' },
    secrets: { sasUrl: `http://127.0.0.1:10000/dev/terra-data?sv=2024&sig=${secret('sas')}` },
  },
  rabbitmq: {
    kind: 'rabbitmq',
    settings: { host: '127.0.0.1', port: 5672, vhost: '/', exchange: 'terra', routingKey: 'hb.{type}', user: 'guest' },
    secrets: { password: secret('amqp') },
  },
  nats: {
    kind: 'nats',
    settings: { servers: ['127.0.0.1:4222'], subject: 'terra.events', user: 'hb' },
    secrets: { token: secret('nats') },
  },
};

beforeAll(async () => {
  process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS = 'true';
  database = await createTestDatabase();
  owner = (await accountWithOwner(database.db)).owner;
  other = (await accountWithOwner(database.db)).owner;
  for (const [kind, input] of Object.entries(valid)) {
    existing[kind] = (await addDestination({ ctx: owner, input: input as never })).id;
  }
  existing.foreign = (await addDestination({ ctx: other, input: valid.inbox as never })).id;
});
afterAll(async () => {
  delete process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS;
  await database.destroy();
});

/** Values that break settings: wrong types, edges, hosts and URLs that point where they should not. */
const awkward = fc.oneof(
  fc.constantFrom(
    ...[undefined, null, '', ' ', '\u0000', 'a\ud800', 'x'.repeat(300), -1, 0, 1.5, 65_536, 1e308, true, [], {}],
    ...['10.0.0.1', '169.254.169.254', 'metadata.google.internal', '[::1]', 'a b', 'host/path', 'user@host', '{type}'],
    ...['ftp://127.0.0.1/', 'http://169.254.169.254/', 'https://', 'javascript:alert(1)', 'nope', '127.0.0.1:99999'],
    ...['http://user:pw@127.0.0.1:9/x', 'UseDevelopmentStorage=true', 'AccountName=a', '../..', 'terra', 'fhir'],
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Every place a value sits in `input`: top-level keys and the keys of settings and secrets. */
function places(input: Record<string, unknown>): string[][] {
  const nested = ['settings', 'secrets'].flatMap((part) =>
    Object.keys((input[part] as Record<string, unknown> | undefined) ?? {}).map((key) => [part, key]),
  );
  return [...Object.keys(input).map((key) => [key]), ...nested, ['extra'], ['settings', 'extra']];
}

/** `input` with the value at each chosen place replaced (or removed, for undefined). */
function mutate(input: Record<string, unknown>, changes: Array<[number, unknown]>) {
  const copy = structuredClone(input);
  const all = places(input);
  const changed: string[][] = [];
  for (const [pick, value] of changes) {
    const path = all[pick % all.length] as string[];
    changed.push(path);
    const part = path[0] as string;
    if (path.length === 2 && (typeof copy[part] !== 'object' || copy[part] === null || Array.isArray(copy[part]))) {
      copy[part] = {};
    }
    const parent = (path.length === 2 ? copy[part] : copy) as Record<string, unknown>;
    const key = path.at(-1) as string;
    if (value === undefined) delete parent[key];
    else parent[key] = value;
  }
  return { input: copy, changed };
}

/** The credentials an input carries (secrets, the signing secret, a URL's password): never to be echoed. */
function credentialsIn(input: Record<string, unknown>): string[] {
  const values = Object.values((input.secrets as Record<string, unknown> | undefined) ?? {});
  if (typeof input.secret === 'string') values.push(input.secret);
  try {
    values.push(decodeURIComponent(new URL(String(input.url)).password));
  } catch {}
  return values.filter((v): v is string => typeof v === 'string' && v.length >= 8);
}

async function settle<T>(run: () => Promise<T>) {
  try {
    return { value: await run() };
  } catch (error) {
    return { error };
  }
}

function expectNamedRefusal(error: unknown, changed: string[][], input: Record<string, unknown>, where: string) {
  expect(isHeartbridgeError(error), `${where}: ${String(error)}`).toBe(true);
  const message = (error as Error).message;
  // A whole settings or secrets object replaced is named by the first of its fields found wrong.
  const container = changed.some((path) => path.length === 1 && ['settings', 'secrets'].includes(path[0] ?? ''));
  const named =
    changed.some((path) => path.some((part) => message.includes(part))) || (container && /^\w+: /.test(message));
  expect(named, `${where}: "${message}" names none of ${JSON.stringify(changed)}`).toBe(true);
  for (const credential of credentialsIn(input)) expect(message, where).not.toContain(credential);
}

/** Found by this fuzz: NUL or a lone surrogate failed the insert; a SAS URL that is no URL threw a TypeError. */
const found: Record<string, Array<[string, unknown]>> = {
  webhook: [['name', '\u0000']],
  postgres: [['settings.sslCa', 'x\ud800']],
  nats: [['settings.subject', 'a\ud800']],
  'azure_blob (SAS URL)': [['secrets.sasUrl', 'nope']],
};
const example = (kind: string) =>
  (found[kind] ?? []).map(([path, value]): [Array<[number, unknown]>] => [
    [[places(valid[kind] as Record<string, unknown>).findIndex((p) => p.join('.') === path), value]],
  ]);

describe('destination settings, fuzzed', () => {
  it.each(Object.keys(valid))(
    'adding a %s destination: a refusal names the field, echoes no secret and writes nothing',
    async (kind) => {
      const base = valid[kind] as Record<string, unknown>;
      const changes = fc.array(fc.tuple(fc.nat(), awkward), { minLength: 1, maxLength: 2 });
      await fc.assert(
        fc.asyncProperty(changes, async (chosen) => {
          const { input, changed } = mutate(base, chosen);
          const where = `${JSON.stringify(input).slice(0, 400)} (changed ${JSON.stringify(changed)})`;
          const before = await databaseDigest(database.db);
          const result = await settle(() => addDestination({ ctx: owner, input: input as never }));
          if ('error' in result) {
            expectNamedRefusal(result.error, changed, input, where);
            expect(await databaseDigest(database.db), where).toEqual(before);
            return;
          }
          const [row] = await database.db.select().from(destinations).where(eq(destinations.id, result.value.id));
          for (const credential of credentialsIn(input))
            expect(JSON.stringify(row?.settings), where).not.toContain(credential);
        }),
        { numRuns: runs, examples: example(kind) },
      );
    },
    120_000,
  );

  it('updating: a refusal names the field, echoes no secret and leaves the row as it was', async () => {
    const update = fc.record(
      {
        destinationId: fc.oneof(fc.constantFrom(...Object.values(existing), 'nope', '-'.repeat(36)), fc.uuid()),
        name: awkward,
        url: fc.oneof(awkward, fc.constantFrom(`http://u:${secret('new')}@127.0.0.1:9/x`, 'http://127.0.0.1:8/y')),
        eventTypes: fc.oneof(awkward, fc.array(fc.string({ unit: 'binary', maxLength: 60 }), { maxLength: 3 })),
        payloadFormat: fc.oneof(awkward, fc.constantFrom('terra', 'fhir')),
        timeoutSeconds: awkward,
        maxRetries: awkward,
        retryBaseSeconds: fc.oneof(awkward, fc.integer({ min: 1, max: 3600 })),
        retryCapSeconds: fc.oneof(awkward, fc.integer({ min: 1, max: 86_400 })),
      },
      { requiredKeys: ['destinationId'] },
    );
    await fc.assert(
      fc.asyncProperty(update, async (input) => {
        const where = JSON.stringify(input).slice(0, 400);
        const before = await databaseDigest(database.db);
        const result = await settle(() => updateDestination({ ctx: owner, input: input as never }));
        if ('error' in result) {
          const changed = Object.keys(input).map((key) => [key]);
          expectNamedRefusal(result.error, [...changed, ['destination']], input, where);
          expect(await databaseDigest(database.db), where).toEqual(before);
        }
        const [foreign] = await database.db
          .select()
          .from(destinations)
          .where(eq(destinations.id, existing.foreign ?? ''));
        expect(foreign?.accountId, where).toBe(other.account.id);
      }),
      { numRuns: runs * 4 },
    );
  }, 120_000);
});
