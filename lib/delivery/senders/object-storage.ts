import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { BlobServiceClient, type ContainerClient, ContainerClient as Container } from '@azure/storage-blob';
import type { z } from 'zod';
import {
  type AzureSecrets,
  type AzureSettings,
  azureSecrets,
  azureSettings,
  type S3Secrets,
  type S3Settings,
  s3Secrets,
  s3Settings,
  storageHost,
} from '../../destinations/kinds/object-storage';
import { isHeartbridgeError } from '../../errors';
import { activityFitFile } from '../../formats/fit/activity-file';
import { assertDestinationHostAllowed, guardedLookup } from '../../security/ssrf';
import { type EventRow, type Sender, type SendInput, timed } from './sender';

/** Terra's fixed folder: every object key starts with it (after the destination's prefix). */
export const TERRA_KEY_VERSION = '2022-03-16';

export interface StorageObject {
  key: string;
  /** The JSON written at `key`, or an activity's FIT file. */
  body: string | Uint8Array;
  contentType: 'application/json' | 'application/vnd.ant.fit';
}

type StoredEvent = Pick<EventRow, 'type' | 'userId' | 'body' | 'createdAt'>;

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** One key segment: never a `/` (that would open a folder) nor an empty string. */
function segment(value: unknown, fallback: string): string {
  const text = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  const clean = text.replace(/[/\\]/g, '_').trim();
  return clean === '' ? fallback : clean;
}

/**
 * The objects one event becomes, in Terra's layout: a data event (one with a `data` array) gives one
 * object per payload at `2022-03-16/{type}/{user_id}-{start_time}.json`; any other event one object at
 * `2022-03-16/{type}/{user_id}-{created_at ISO}.json` holding `body` exactly as signed.
 * Each data object holds the event with `data` cut to that one payload (`{type, data: [payload], user,
 * version, …}`), so a reader parses every object with the same schema as a webhook body. An activity
 * also gets its FIT file beside it, `…/{user_id}-{start_time}.fit`, as Terra does (none when its times
 * cannot make one).
 */
export function storageObjects(event: StoredEvent, body: string, prefix?: string): StorageObject[] {
  const root = prefix ? `${prefix}/${TERRA_KEY_VERSION}` : TERRA_KEY_VERSION;
  const envelope = record(event.body) ?? {};
  const type = segment(envelope.type ?? event.type, 'event');
  const userId = segment(record(envelope.user)?.user_id ?? event.userId, 'unknown');
  const timestamp = event.createdAt.toISOString();
  const payloads = Array.isArray(envelope.data) ? envelope.data : null;
  if (!payloads || payloads.length === 0)
    return [{ key: `${root}/${type}/${userId}-${timestamp}.json`, body, contentType: 'application/json' }];
  return payloads.flatMap((payload): StorageObject[] => {
    const startTime = segment(record(record(payload)?.metadata)?.start_time, timestamp);
    const json: StorageObject = {
      key: `${root}/${type}/${userId}-${startTime}.json`,
      body: JSON.stringify({ ...envelope, data: [payload] }),
      contentType: 'application/json',
    };
    const fit = type === 'activity' ? fitFile(payload) : undefined;
    return fit
      ? [json, { key: `${root}/${type}/${userId}-${startTime}.fit`, body: fit, contentType: 'application/vnd.ant.fit' }]
      : [json];
  });
}

/** The activity's FIT file, or none when it has no valid start and end time (its JSON is written all the same). */
function fitFile(payload: unknown): Uint8Array | undefined {
  try {
    return activityFitFile(payload);
  } catch (error) {
    if (isHeartbridgeError(error)) return undefined;
    throw error;
  }
}

/** The keys `storageObjects` writes for an event, without a prefix. */
export function objectKeys(event: StoredEvent): string[] {
  return storageObjects(event, '').map((o) => o.key);
}

function parsed<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new Error(
    `${what}: ${result.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ')}`,
  );
}

/** Writes at most `limit` objects at once; the first failure fails the delivery (the engine retries it all). */
async function writeAll(objects: StorageObject[], write: (o: StorageObject) => Promise<void>, limit = 4) {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < objects.length; i = next++) {
      const object = objects[i];
      if (object) await write(object);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, objects.length) }, worker));
}

function summary(objects: StorageObject[]): string {
  return `wrote ${objects.length} object(s): ${objects.map((o) => o.key).join(', ')}`.slice(0, 2048);
}

/** Clients are cached per destination, and rebuilt when its settings or credentials change. */
function cached<C>(cache: Map<string, { fingerprint: string; client: C }>, id: string, parts: unknown, make: () => C) {
  const fingerprint = createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  const hit = cache.get(id);
  if (hit?.fingerprint === fingerprint) return hit.client;
  const client = make();
  cache.set(id, { fingerprint, client });
  return client;
}

// Every new connection's DNS answer passes the SSRF guard (IP literals are checked before sending).
const agents = {
  httpAgent: new http.Agent({ keepAlive: true, maxSockets: 16, lookup: guardedLookup as never }),
  httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 16, lookup: guardedLookup as never }),
};

const s3Clients = new Map<string, { fingerprint: string; client: S3Client }>();

function s3Client(id: string, settings: S3Settings, secrets: S3Secrets, timeoutMs: number): S3Client {
  return cached(s3Clients, id, [settings, secrets, timeoutMs], () => {
    s3Clients.get(id)?.client.destroy();
    return new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      credentials: { accessKeyId: secrets.accessKeyId, secretAccessKey: secrets.secretAccessKey },
      maxAttempts: 1, // the delivery engine owns retries
      // Checksums only where S3 requires them: S3-compatible servers often reject the newer headers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: { ...agents, connectionTimeout: timeoutMs, requestTimeout: timeoutMs },
    });
  });
}

function failure(error: unknown, service: string): Error {
  const e = error as { name?: string; message?: string; code?: string; statusCode?: number };
  const name = e.code ?? e.name ?? 'Error';
  const message = (e.message ?? String(error)).split('\n')[0] ?? '';
  return new Error(`${service} ${name}${e.statusCode ? ` (${e.statusCode})` : ''}: ${message}`.slice(0, 500));
}

/** S3 and S3-compatible buckets: one PutObject per object; a redelivery overwrites the same keys. */
export const s3Sender: Sender = {
  send({ destination, secrets, event, body }: SendInput) {
    return timed(async () => {
      const settings = parsed(s3Settings, destination.settings, 'S3 settings');
      const credentials = parsed(s3Secrets, secrets, 'S3 credentials');
      await assertDestinationHostAllowed(storageHost({ kind: 's3', settings }));
      const client = s3Client(destination.id, settings, credentials, destination.timeoutSeconds * 1000);
      const objects = storageObjects(event, body, settings.prefix);
      await writeAll(objects, async (o) => {
        try {
          await client.send(
            new PutObjectCommand({ Bucket: settings.bucket, Key: o.key, Body: o.body, ContentType: o.contentType }),
          );
        } catch (error) {
          throw failure(error, 'S3');
        }
      });
      return summary(objects);
    });
  },
};

const containers = new Map<string, { fingerprint: string; client: ContainerClient }>();

/** A container SAS URL (its path names the container) must name the configured container. */
function containerClient(id: string, settings: AzureSettings, secrets: AzureSecrets, timeoutMs: number) {
  return cached(containers, id, [settings, secrets, timeoutMs], () => {
    const options = { retryOptions: { maxTries: 1, tryTimeoutInMs: timeoutMs } };
    if ('connectionString' in secrets)
      return BlobServiceClient.fromConnectionString(secrets.connectionString, options).getContainerClient(
        settings.container,
      );
    const url = new URL(secrets.sasUrl);
    const segments = url.pathname.split('/').filter(Boolean);
    // IP-style URLs (Azurite, Azure Stack) put the account first: `http://127.0.0.1:10000/account/container`.
    if (isIP(url.hostname.replace(/^\[(.*)\]$/, '$1')) || url.hostname === 'localhost') segments.shift();
    const named = segments[0];
    if (named === undefined)
      return new BlobServiceClient(secrets.sasUrl, undefined, options).getContainerClient(settings.container);
    if (named !== settings.container)
      throw new Error(`The SAS URL is for container "${named}", not "${settings.container}".`);
    return new Container(secrets.sasUrl, undefined, options);
  });
}

/** Azure Blob Storage: one block blob upload per object; a redelivery overwrites the same names. */
export const azureSender: Sender = {
  send({ destination, secrets, event, body }: SendInput) {
    return timed(async () => {
      const settings = parsed(azureSettings, destination.settings, 'Azure settings');
      const credentials = parsed(azureSecrets, secrets, 'Azure credentials');
      await assertDestinationHostAllowed(storageHost({ kind: 'azure_blob', secrets: credentials }));
      const container = containerClient(destination.id, settings, credentials, destination.timeoutSeconds * 1000);
      const objects = storageObjects(event, body, settings.prefix);
      await writeAll(objects, async (o) => {
        try {
          const body = typeof o.body === 'string' ? Buffer.from(o.body, 'utf8') : o.body;
          await container
            .getBlockBlobClient(o.key)
            .upload(body, body.byteLength, { blobHTTPHeaders: { blobContentType: o.contentType } });
        } catch (error) {
          throw failure(error, 'Azure Blob');
        }
      });
      return summary(objects);
    });
  },
};
