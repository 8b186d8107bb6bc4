import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Decoder, Stream } from '@garmin/fitsdk';
import { examplePayload } from '../../payloads/example-payloads';
import { azureSender, objectKeys, s3Sender } from './object-storage';
import type { DestinationRow, EventRow, SendInput } from './sender';

// Real servers on loopback: s3rver in-process, Azurite's blob service as a child process.
const require = createRequire(import.meta.url);
type S3rverServer = { run(): Promise<{ port: number }>; close(): Promise<void> };
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => S3rverServer;

const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const BUCKET = 'hb-bucket';
const CONTAINER = 'hb-container';
const USER = 'a1b2c3d4-0000-4000-8000-000000000001';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'hb-object-storage-'));
let s3rver: S3rverServer;
let s3Endpoint = '';
let azurite: ChildProcess | undefined;
let blobEndpoint = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`azurite exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`azurite did not listen on ${port} within ${timeoutMs} ms`);
}

function connectionString(key = AZURITE_KEY) {
  return `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${key};BlobEndpoint=${blobEndpoint};`;
}

beforeAll(async () => {
  vi.stubEnv('HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS', '127.0.0.1/32');
  s3rver = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: path.join(tmp, 's3'),
    configureBuckets: [{ name: BUCKET }],
  });
  s3Endpoint = `http://127.0.0.1:${(await s3rver.run()).port}`;

  const port = await freePort();
  const main = require.resolve('azurite/dist/src/blob/main.js');
  const args = ['--blobHost', '127.0.0.1', '--blobPort', String(port), '--location', path.join(tmp, 'azurite')];
  azurite = spawn(process.execPath, [main, ...args, '--silent', '--disableTelemetry', '--skipApiVersionCheck'], {
    stdio: 'ignore',
  });
  await waitForPort(port, azurite);
  blobEndpoint = `http://127.0.0.1:${port}/devstoreaccount1`;
  await BlobServiceClient.fromConnectionString(connectionString()).getContainerClient(CONTAINER).create();
}, 120_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await s3rver?.close();
  if (azurite && azurite.exitCode === null) {
    const exited = new Promise((r) => azurite?.once('exit', r));
    azurite.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (azurite.exitCode === null) azurite.kill('SIGKILL');
  }
  rmSync(tmp, { recursive: true, force: true });
}, 60_000);

const createdAt = new Date('2026-03-12T07:30:00.000Z');
const user = { user_id: USER, provider: 'CARDIOMOOD', reference_id: 'ref-1', scopes: null };
const dailyBody = {
  type: 'daily',
  user,
  version: '2022-03-16',
  data: [
    {
      metadata: { start_time: '2026-03-10T00:00:00.000000+00:00', end_time: '2026-03-11T00:00:00.000000+00:00' },
      steps: 1,
    },
    {
      metadata: { start_time: '2026-03-11T00:00:00.000000+00:00', end_time: '2026-03-12T00:00:00.000000+00:00' },
      steps: 2,
    },
  ],
};
const authBody = { type: 'auth', status: 'success', user, reference_id: 'ref-1', version: '2022-03-16' };
const run = examplePayload('activity').payload as { metadata: { start_time: string } };
const activityBody = { type: 'activity', user, version: '2022-03-16', data: [run] };
const activityKeys = ['json', 'fit'].map((ext) => `2022-03-16/activity/${USER}-${run.metadata.start_time}.${ext}`);

/** A FIT file as Garmin's decoder reads it: integrity checked, the session's start returned. */
function fitStart(bytes: Uint8Array): Date | undefined {
  const decoder = new Decoder(Stream.fromByteArray(Array.from(bytes)));
  expect(decoder.checkIntegrity()).toBe(true);
  return decoder.read().messages.sessionMesgs?.[0]?.startTime as Date | undefined;
}

function eventRow(body: Record<string, unknown>): EventRow {
  return {
    id: crypto.randomUUID(),
    seq: 1,
    accountId: crypto.randomUUID(),
    userId: USER,
    type: String(body.type),
    reference: 'ref',
    traceId: 'trace',
    body,
    createdAt,
  };
}

function destination(kind: string, settings: Record<string, unknown>): DestinationRow {
  return {
    id: crypto.randomUUID(),
    accountId: crypto.randomUUID(),
    kind: kind as DestinationRow['kind'],
    name: kind,
    status: 'enabled',
    disabledReason: null,
    settings,
    secrets: null,
    signingSecrets: '',
    eventTypes: [],
    payloadFormat: 'terra',
    timeoutSeconds: 20,
    maxRetries: 10,
    retryBaseSeconds: 30,
    retryCapSeconds: 28_800,
    lastSuccessAt: null,
    failingSince: null,
    createdAt,
  };
}

function input(dest: DestinationRow, secrets: Record<string, unknown>, body: Record<string, unknown>): SendInput {
  return { destination: dest, secrets, event: eventRow(body), body: JSON.stringify(body), headers: {} };
}

const dailyKeys = [
  `2022-03-16/daily/${USER}-2026-03-10T00:00:00.000000+00:00.json`,
  `2022-03-16/daily/${USER}-2026-03-11T00:00:00.000000+00:00.json`,
];
const authKey = `2022-03-16/auth/${USER}-2026-03-12T07:30:00.000Z.json`;

describe('objectKeys', () => {
  it("follows Terra's layout for data and lifecycle events", () => {
    expect(objectKeys(eventRow(dailyBody))).toEqual(dailyKeys);
    expect(objectKeys(eventRow(authBody))).toEqual([authKey]);
  });

  it('never opens a folder from a user id and falls back to the event time without a start_time', () => {
    const body = { type: 'athlete', user: { user_id: 'a/b' }, data: [{ first_name: 'X' }] };
    expect(objectKeys(eventRow(body))).toEqual(['2022-03-16/athlete/a_b-2026-03-12T07:30:00.000Z.json']);
  });
});

describe('s3Sender', () => {
  const secrets = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const settings = () => ({ endpoint: s3Endpoint, region: 'us-east-1', bucket: BUCKET });
  const reader = () =>
    new S3Client({ endpoint: s3Endpoint, region: 'us-east-1', forcePathStyle: true, credentials: secrets });

  async function listKeys() {
    const listed = await reader().send(new ListObjectsV2Command({ Bucket: BUCKET }));
    return (listed.Contents ?? []).map((o) => o.Key).sort();
  }

  it('writes one object per payload, the misc key for auth, and overwrites on redelivery', async () => {
    const dest = destination('s3', settings());
    const daily = await s3Sender.send(input(dest, secrets, dailyBody));
    expect(daily.error).toBeNull();
    expect(daily.statusCode).toBe(200);
    const auth = await s3Sender.send(input(dest, secrets, authBody));
    expect(auth.statusCode).toBe(200);
    expect(await listKeys()).toEqual([...dailyKeys, authKey].sort());

    const first = await reader().send(new GetObjectCommand({ Bucket: BUCKET, Key: dailyKeys[0] }));
    expect(JSON.parse((await first.Body?.transformToString()) ?? '')).toEqual({
      ...dailyBody,
      data: [dailyBody.data[0]],
    });
    const misc = await reader().send(new GetObjectCommand({ Bucket: BUCKET, Key: authKey }));
    expect(JSON.parse((await misc.Body?.transformToString()) ?? '')).toEqual(authBody);

    const again = await s3Sender.send(input(dest, secrets, dailyBody));
    expect(again.statusCode).toBe(200);
    expect(await listKeys()).toEqual([...dailyKeys, authKey].sort());
  });

  it("uploads an activity's .fit beside its JSON, as Terra does", async () => {
    expect(objectKeys(eventRow(activityBody))).toEqual(activityKeys);
    const sent = await s3Sender.send(input(destination('s3', settings()), secrets, activityBody));
    expect(sent.error).toBeNull();
    const fit = await reader().send(new GetObjectCommand({ Bucket: BUCKET, Key: activityKeys[1] }));
    expect(fit.ContentType).toBe('application/vnd.ant.fit');
    expect(fitStart(await (fit.Body?.transformToByteArray() ?? Promise.resolve(new Uint8Array())))).toEqual(
      new Date(Date.parse(run.metadata.start_time)),
    );
  });

  it('answers with an error for a missing bucket, wrong credentials or a refused host', async () => {
    const missing = await s3Sender.send(
      input(destination('s3', { ...settings(), bucket: 'no-such-bucket' }), secrets, authBody),
    );
    expect(missing.statusCode).toBeNull();
    expect(missing.error).toMatch(/NoSuchBucket/);

    // s3rver checks the access key id but does not compute SigV4 signatures, so the id is what is wrong here.
    const wrong = await s3Sender.send(
      input(destination('s3', settings()), { ...secrets, accessKeyId: 'NOPE' }, authBody),
    );
    expect(wrong.statusCode).toBeNull();
    expect(wrong.error).toMatch(/InvalidAccessKeyId/);

    vi.stubEnv('HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS', '');
    const refused = await s3Sender.send(input(destination('s3', settings()), secrets, authBody));
    vi.stubEnv('HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS', '127.0.0.1/32');
    expect(refused.statusCode).toBeNull();
    expect(refused.error).toBeTruthy();
  });
});

describe('azureSender', () => {
  const container = () => BlobServiceClient.fromConnectionString(connectionString()).getContainerClient(CONTAINER);

  async function listNames() {
    const names: string[] = [];
    for await (const blob of container().listBlobsFlat()) names.push(blob.name);
    return names.sort();
  }

  it('writes one blob per payload, the misc name for auth, and overwrites on redelivery', async () => {
    const dest = destination('azure_blob', { container: CONTAINER });
    const secrets = { connectionString: connectionString() };
    const daily = await azureSender.send(input(dest, secrets, dailyBody));
    expect(daily.error).toBeNull();
    expect(daily.statusCode).toBe(200);
    expect((await azureSender.send(input(dest, secrets, authBody))).statusCode).toBe(200);
    expect(await listNames()).toEqual([...dailyKeys, authKey].sort());

    const second = await container()
      .getBlobClient(dailyKeys[1] ?? '')
      .downloadToBuffer();
    expect(JSON.parse(second.toString('utf8'))).toEqual({ ...dailyBody, data: [dailyBody.data[1]] });
    const misc = await container().getBlobClient(authKey).downloadToBuffer();
    expect(misc.toString('utf8')).toBe(JSON.stringify(authBody));

    expect((await azureSender.send(input(dest, secrets, dailyBody))).statusCode).toBe(200);
    expect(await listNames()).toEqual([...dailyKeys, authKey].sort());
  });

  it("uploads an activity's .fit beside its JSON", async () => {
    const secrets = { connectionString: connectionString() };
    expect(
      (await azureSender.send(input(destination('azure_blob', { container: CONTAINER }), secrets, activityBody))).error,
    ).toBeNull();
    const blob = container().getBlobClient(activityKeys[1] ?? '');
    expect((await blob.getProperties()).contentType).toBe('application/vnd.ant.fit');
    expect(fitStart(new Uint8Array(await blob.downloadToBuffer()))).toEqual(
      new Date(Date.parse(run.metadata.start_time)),
    );
  });

  it('answers with an error for a missing container or wrong credentials', async () => {
    const secrets = { connectionString: connectionString() };
    const missing = await azureSender.send(
      input(destination('azure_blob', { container: 'no-such-container' }), secrets, authBody),
    );
    expect(missing.statusCode).toBeNull();
    expect(missing.error).toMatch(/ContainerNotFound/);

    const badKey = Buffer.from('not the key').toString('base64');
    const wrong = await azureSender.send(
      input(
        destination('azure_blob', { container: CONTAINER }),
        { connectionString: connectionString(badKey) },
        authBody,
      ),
    );
    expect(wrong.statusCode).toBeNull();
    expect(wrong.error).toMatch(/AuthorizationFailure|AuthenticationFailed|403/);
  });
});
