import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, destinations } from '@/db/schema';
import { decrypt } from '../security/encryption';
import { accountWithOwner } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';
import { addDestination } from './add-destination';
import { listDestinations } from './list-destinations';
import { updateDestination } from './update-destination';
import { splitUrlCredentials, withUrlCredentials } from './webhook-credentials';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS = '127.0.0.1/32';
  database = await createTestDatabase();
});
afterAll(async () => {
  delete process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS;
  await database.destroy();
});

describe('credentials in a webhook URL', () => {
  it('come apart from the URL and back, percent-encoding kept', () => {
    const split = splitUrlCredentials('https://us%40er:p%3Ass@hooks.example/terra?x=1');
    expect(split).toEqual({
      url: 'https://hooks.example/terra?x=1',
      credentials: { username: 'us%40er', password: 'p%3Ass' },
    });
    expect(withUrlCredentials(split.url, { ...split.credentials })).toBe(
      'https://us%40er:p%3Ass@hooks.example/terra?x=1',
    );
    expect(splitUrlCredentials('https://hooks.example/x')).toEqual({
      url: 'https://hooks.example/x',
      credentials: null,
    });
    expect(withUrlCredentials('https://hooks.example/x', {})).toBe('https://hooks.example/x');
  });

  it('are kept encrypted, never listed or audited, kept on a same-origin edit and dropped for another host', async () => {
    const { owner } = await accountWithOwner(database.db);
    const { id } = await addDestination({
      ctx: owner,
      input: { kind: 'webhook', url: 'http://hook:s3cret-pw@127.0.0.1:9/a' },
    });
    const stored = async () => (await database.db.select().from(destinations).where(eq(destinations.id, id)))[0];
    expect((await stored())?.settings).toEqual({ url: 'http://127.0.0.1:9/a' });
    expect(JSON.parse(decrypt((await stored())?.secrets ?? ''))).toEqual({ username: 'hook', password: 's3cret-pw' });
    expect((await listDestinations({ ctx: owner }))[0]?.url).toBe('http://127.0.0.1:9/a');

    await updateDestination({ ctx: owner, input: { destinationId: id, url: 'http://127.0.0.1:9/b' } });
    expect(JSON.parse(decrypt((await stored())?.secrets ?? ''))).toMatchObject({ password: 's3cret-pw' });
    await updateDestination({ ctx: owner, input: { destinationId: id, url: 'http://127.0.0.1:10/b' } });
    expect((await stored())?.secrets).toBeNull();
    await updateDestination({ ctx: owner, input: { destinationId: id, url: 'http://new:other-pw@127.0.0.1:10/b' } });
    expect(JSON.parse(decrypt((await stored())?.secrets ?? ''))).toEqual({ username: 'new', password: 'other-pw' });

    const audit = await database.db.select().from(auditLog).where(eq(auditLog.accountId, owner.account.id));
    expect(JSON.stringify(audit)).not.toMatch(/s3cret-pw|other-pw/);
  });
});
