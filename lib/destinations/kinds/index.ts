import type { z } from 'zod';
import { azureSecrets, azureSettings, s3Secrets, s3Settings, storageHost } from './object-storage';
import { natsSecrets, natsSettings, queueHosts, rabbitmqSecrets, rabbitmqSettings } from './queues';
import { mysqlSettings, postgresSettings, sqlHosts, sqlSecrets } from './sql';

export interface ConfiguredKind<S extends z.ZodType, C extends z.ZodType> {
  label: string;
  settings: S;
  secrets: C;
  /** The hosts the destination connects to, each with the field that names it, for the SSRF guard. */
  hosts(settings: z.output<S>, secrets: z.output<C>): Array<{ field: string; host: string }>;
}

const kind = <S extends z.ZodType, C extends z.ZodType>(definition: ConfiguredKind<S, C>) => definition;

/** Every destination kind configured by settings and credentials (webhooks and the inbox are simpler). */
export const configuredKinds = {
  postgres: kind({
    label: 'PostgreSQL',
    settings: postgresSettings,
    secrets: sqlSecrets,
    hosts: (s) => [{ field: 'host', host: sqlHosts(s) }],
  }),
  mysql: kind({
    label: 'MySQL',
    settings: mysqlSettings,
    secrets: sqlSecrets,
    hosts: (s) => [{ field: 'host', host: sqlHosts(s) }],
  }),
  s3: kind({
    label: 'S3 bucket',
    settings: s3Settings,
    secrets: s3Secrets,
    hosts: (s) => [{ field: s.endpoint ? 'endpoint' : 'region', host: storageHost({ kind: 's3', settings: s }) }],
  }),
  azure_blob: kind({
    label: 'Azure Blob container',
    settings: azureSettings,
    secrets: azureSecrets,
    hosts: (_s, c) => [
      { field: 'sasUrl' in c ? 'sasUrl' : 'connectionString', host: storageHost({ kind: 'azure_blob', secrets: c }) },
    ],
  }),
  rabbitmq: kind({
    label: 'RabbitMQ',
    settings: rabbitmqSettings,
    secrets: rabbitmqSecrets,
    hosts: (s) => queueHosts(s).map((host) => ({ field: 'host', host })),
  }),
  nats: kind({
    label: 'NATS',
    settings: natsSettings,
    secrets: natsSecrets.default({}),
    hosts: (s) => queueHosts(s).map((host) => ({ field: 'servers', host })),
  }),
};

export type ConfiguredKindName = keyof typeof configuredKinds;
