import { z } from 'zod';

/** Plain http is accepted only for a loopback host (a local S3-compatible server or Azurite). */
function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

function isStorageUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  } catch {
    return false;
  }
}

const storageUrl = (what: string) =>
  z
    .string()
    .trim()
    .refine(isStorageUrl, { message: `${what} must be an https URL (http only for localhost).` });

/** Object key prefix put before Terra's `2022-03-16/…` layout; stored without leading or trailing slashes. */
const prefix = z
  .string()
  .trim()
  .max(200)
  .regex(/^[A-Za-z0-9!_.*'()/-]*$/, { message: "The prefix may hold letters, digits, / and !_.*'()-." })
  .refine((p) => !p.split('/').some((part) => part === '..' || part === '.'), {
    message: 'The prefix may not hold . or .. segments.',
  })
  .transform((p) => p.replace(/^\/+|\/+$/g, ''))
  .optional();

export const s3Settings = z
  .object({
    /** A custom S3-compatible endpoint (MinIO, R2, Wasabi…); absent for AWS itself. */
    endpoint: storageUrl('The endpoint').optional(),
    region: z
      .string()
      .trim()
      .regex(/^[a-z0-9-]{1,50}$/, { message: 'Enter a region such as us-east-1 (or auto).' }),
    bucket: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
        message: 'A bucket name is 3 to 63 lowercase letters, digits, . and -.',
      }),
    /** Path-style URLs (`host/bucket/key`): what most S3-compatible servers need; defaults to on with an endpoint. */
    forcePathStyle: z.boolean().optional(),
    prefix,
  })
  .transform((s) => ({ ...s, forcePathStyle: s.forcePathStyle ?? s.endpoint !== undefined }));
export type S3Settings = z.output<typeof s3Settings>;

export const s3Secrets = z.object({
  accessKeyId: z.string().trim().min(1).max(256),
  secretAccessKey: z.string().min(1).max(256),
});
export type S3Secrets = z.output<typeof s3Secrets>;

export const azureSettings = z.object({
  container: z
    .string()
    .trim()
    .regex(/^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, {
      message: 'A container name is 3 to 63 lowercase letters, digits and single hyphens.',
    }),
  prefix,
});
export type AzureSettings = z.output<typeof azureSettings>;

/** `Key=Value;…` pairs of an Azure Storage connection string, keys as written. */
export function parseConnectionString(connectionString: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const pair of connectionString.split(';')) {
    const at = pair.indexOf('=');
    if (at > 0) fields[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return fields;
}

/** The blob service URL a connection string points at, or null when it names none. */
export function connectionStringBlobUrl(connectionString: string): string | null {
  const fields = parseConnectionString(connectionString);
  if (fields.BlobEndpoint) return fields.BlobEndpoint;
  if (!fields.AccountName || !fields.AccountKey) return null;
  const protocol = fields.DefaultEndpointsProtocol ?? 'https';
  return `${protocol}://${fields.AccountName}.blob.${fields.EndpointSuffix ?? 'core.windows.net'}`;
}

export const azureSecrets = z.union(
  [
    z.object({
      connectionString: z
        .string()
        .trim()
        .min(1)
        .max(2000)
        .refine((cs) => !/UseDevelopmentStorage\s*=\s*true/i.test(cs), {
          message: 'Name the BlobEndpoint explicitly instead of UseDevelopmentStorage.',
        })
        .refine(
          (cs) => {
            const url = connectionStringBlobUrl(cs);
            return url !== null && isStorageUrl(url);
          },
          {
            message:
              'The connection string needs AccountName and AccountKey (or a SharedAccessSignature and an https BlobEndpoint).',
          },
        ),
    }),
    z.object({
      /** An account or container SAS URL with write (and create) permission (checks all run: no URL assumed). */
      sasUrl: storageUrl('The SAS URL').refine((u) => isStorageUrl(u) && new URL(u).search.length > 1, {
        message: 'The SAS URL carries its token after ?.',
      }),
    }),
  ],
  {
    message: "connectionString: give the storage account's connection string, or a SAS URL (sasUrl) instead.",
  },
);

export type AzureSecrets = z.output<typeof azureSecrets>;

export type StorageTarget = { kind: 's3'; settings: S3Settings } | { kind: 'azure_blob'; secrets: AzureSecrets };

/**
 * The URL whose host the SSRF guard checks, at save time and again at every send: the custom
 * endpoint, AWS's regional endpoint, or the blob endpoint a connection string or SAS URL names.
 */
export function storageHost(target: StorageTarget): string {
  if (target.kind === 's3') return target.settings.endpoint ?? `https://s3.${target.settings.region}.amazonaws.com`;
  if ('sasUrl' in target.secrets) return target.secrets.sasUrl;
  const url = connectionStringBlobUrl(target.secrets.connectionString);
  if (!url) throw new Error('The connection string names no blob endpoint.');
  return url;
}
