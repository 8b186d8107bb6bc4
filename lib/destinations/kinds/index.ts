import type { z } from 'zod';
import { azureSecrets, azureSettings, s3Secrets, s3Settings, storageHost } from './object-storage';
import { natsSecrets, natsSettings, queueHosts, rabbitmqSecrets, rabbitmqSettings } from './queues';
import { mysqlSettings, postgresSettings, sqlHosts, sqlSecrets } from './sql';

export interface ConfiguredKind<S extends z.ZodType, C extends z.ZodType> {
  label: string;
  settings: S;
  secrets: C;
  /** The hosts the destination connects to, for the SSRF guard. */
  hosts(settings: z.output<S>, secrets: z.output<C>): string[];
}

const kind = <S extends z.ZodType, C extends z.ZodType>(definition: ConfiguredKind<S, C>) => definition;

/** Every destination kind configured by settings and credentials (webhooks and the inbox are simpler). */
export const configuredKinds = {
  postgres: kind({ label: 'PostgreSQL', settings: postgresSettings, secrets: sqlSecrets, hosts: (s) => [sqlHosts(s)] }),
  mysql: kind({ label: 'MySQL', settings: mysqlSettings, secrets: sqlSecrets, hosts: (s) => [sqlHosts(s)] }),
  s3: kind({
    label: 'S3 bucket',
    settings: s3Settings,
    secrets: s3Secrets,
    hosts: (s) => [storageHost({ kind: 's3', settings: s })],
  }),
  azure_blob: kind({
    label: 'Azure Blob container',
    settings: azureSettings,
    secrets: azureSecrets,
    hosts: (_s, c) => [storageHost({ kind: 'azure_blob', secrets: c })],
  }),
  rabbitmq: kind({
    label: 'RabbitMQ',
    settings: rabbitmqSettings,
    secrets: rabbitmqSecrets,
    hosts: (s) => queueHosts(s),
  }),
  nats: kind({ label: 'NATS', settings: natsSettings, secrets: natsSecrets.default({}), hosts: (s) => queueHosts(s) }),
};

export type ConfiguredKindName = keyof typeof configuredKinds;
