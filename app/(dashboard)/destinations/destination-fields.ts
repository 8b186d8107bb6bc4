/** The form fields of each destination kind configured by settings and credentials. */
export interface FieldSpec {
  name: string;
  label: string;
  secret?: boolean;
  number?: boolean;
  list?: boolean;
  optional?: boolean;
  placeholder?: string;
}

export const kindLabels: Record<string, string> = {
  webhook: 'Webhook',
  inbox: 'Built-in inbox',
  postgres: 'PostgreSQL / Supabase',
  mysql: 'MySQL / MariaDB',
  s3: 'S3-compatible bucket',
  azure_blob: 'Azure Blob container',
  rabbitmq: 'RabbitMQ',
  nats: 'NATS JetStream',
};

export const kindFields: Record<string, FieldSpec[]> = {
  postgres: [
    { name: 'host', label: 'Host' },
    { name: 'port', label: 'Port', number: true, placeholder: '5432', optional: true },
    { name: 'database', label: 'Database' },
    { name: 'user', label: 'User' },
    { name: 'schema', label: 'Schema', placeholder: 'terra', optional: true },
    { name: 'password', label: 'Password', secret: true, optional: true },
  ],
  mysql: [
    { name: 'host', label: 'Host' },
    { name: 'port', label: 'Port', number: true, placeholder: '3306', optional: true },
    { name: 'database', label: 'Database' },
    { name: 'user', label: 'User' },
    { name: 'password', label: 'Password', secret: true, optional: true },
  ],
  s3: [
    { name: 'region', label: 'Region', placeholder: 'eu-west-1' },
    { name: 'bucket', label: 'Bucket' },
    { name: 'endpoint', label: 'Endpoint (S3-compatible services)', optional: true, placeholder: 'https://…' },
    { name: 'prefix', label: 'Key prefix', optional: true },
    { name: 'accessKeyId', label: 'Access key id', secret: true },
    { name: 'secretAccessKey', label: 'Secret access key', secret: true },
  ],
  azure_blob: [
    { name: 'container', label: 'Container' },
    { name: 'prefix', label: 'Blob prefix', optional: true },
    { name: 'connectionString', label: 'Connection string', secret: true },
  ],
  rabbitmq: [
    { name: 'host', label: 'Host' },
    { name: 'port', label: 'Port', number: true, placeholder: '5672', optional: true },
    { name: 'vhost', label: 'Virtual host', placeholder: '/', optional: true },
    { name: 'exchange', label: 'Exchange' },
    { name: 'routingKey', label: 'Routing key ({type} is the event type)', placeholder: 'terra.{type}' },
    { name: 'user', label: 'User' },
    { name: 'password', label: 'Password', secret: true },
  ],
  nats: [
    { name: 'servers', label: 'Servers (host:port, comma-separated)', list: true },
    { name: 'subject', label: 'Subject ({type} is the event type)', placeholder: 'terra.{type}' },
    { name: 'user', label: 'User', optional: true },
    { name: 'password', label: 'Password', secret: true, optional: true },
  ],
};

/** The form's values as the settings and credentials objects a destination of `kind` takes. */
export function readFields(kind: string, form: FormData) {
  const settings: Record<string, unknown> = {};
  const secrets: Record<string, unknown> = {};
  for (const field of kindFields[kind] ?? []) {
    const raw = String(form.get(field.name) ?? '').trim();
    if (!raw && field.optional) continue;
    const value = field.number
      ? Number(raw)
      : field.list
        ? raw
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : raw;
    (field.secret ? secrets : settings)[field.name] = value;
  }
  return { settings, secrets };
}
