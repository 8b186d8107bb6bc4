import type { Db } from '@/db/client';
import { accountCtxByDevId } from '../accounts/account-by-dev-id';
import { createAccount } from '../accounts/create-account';
import { createApiKey } from '../api-keys/create-api-key';
import { listConnections } from '../connections/list-connections';
import { addDestination } from '../destinations/add-destination';
import { type ConfiguredKindName, configuredKinds } from '../destinations/kinds';
import { setCardiomoodIntegration } from '../integrations/set-integration';
import { cardiomoodRedirectUri } from '../integrations/redirect-uri';
import { rotateEncryptionKey } from '../security/rotate-encryption-key';
import type { Actor } from '../context';
import { Invalid } from '../errors';
import { downloadCommands } from './download-commands';

export type Flags = Record<string, string | undefined>;

interface Command {
  usage: string;
  run(db: Db, flags: Flags): Promise<Record<string, unknown>>;
}

export const actor: Actor = { kind: 'system', name: 'cli' };

export function required(flags: Flags, name: string): string {
  const value = flags[name];
  if (!value) throw Invalid(`--${name} is required.`, { field: name });
  return value;
}

/** Every `heartbridge <command>`, by its words. Each returns what `--json` prints. */
export const commands: Record<string, Command> = {
  'account create': {
    usage: 'account create --name N --owner-email E --owner-password P',
    async run(db, flags) {
      const { account, ownerCreated } = await createAccount({
        ctx: { db, actor },
        input: {
          name: required(flags, 'name'),
          ownerEmail: required(flags, 'owner-email'),
          ownerPassword: required(flags, 'owner-password'),
        },
      });
      return { dev_id: account.devId, name: account.name, owner_created: ownerCreated };
    },
  },
  'api-key create': {
    usage: 'api-key create --dev-id D [--name N]',
    async run(db, flags) {
      const ctx = await accountCtxByDevId(db, required(flags, 'dev-id'), actor);
      const key = await createApiKey({ ctx, input: { name: flags.name ?? 'CLI key' } });
      return { dev_id: ctx.account.devId, api_key: key.key, prefix: key.prefix, name: key.name };
    },
  },
  'integration set cardiomood': {
    usage:
      'integration set cardiomood --dev-id D --client-id ID --client-secret S [--api-base URL] [--auth-base URL] [--app-schemes a,b] [--enabled true|false]',
    async run(db, flags) {
      const ctx = await accountCtxByDevId(db, required(flags, 'dev-id'), actor);
      await setCardiomoodIntegration({
        ctx,
        input: {
          clientId: flags['client-id'],
          clientSecret: flags['client-secret'],
          apiBaseUrl: flags['api-base'],
          authBaseUrl: flags['auth-base'],
          enabled: flags.enabled === undefined ? true : flags.enabled !== 'false',
          appSchemes: flags['app-schemes']?.split(',').map((scheme) => scheme.trim()),
        },
      });
      return { dev_id: ctx.account.devId, provider: 'CARDIOMOOD', redirect_uri: cardiomoodRedirectUri() };
    },
  },
  'destination add webhook': {
    usage:
      'destination add webhook --dev-id D --url U [--secret whsec_…] [--name N] [--timeout SECONDS] [--payload-format terra|fhir]',
    async run(db, flags) {
      const ctx = await accountCtxByDevId(db, required(flags, 'dev-id'), actor);
      const added = await addDestination({
        ctx,
        input: {
          kind: 'webhook',
          url: required(flags, 'url'),
          secret: flags.secret,
          name: flags.name ?? 'Webhook',
          timeoutSeconds: flags.timeout ? Number(flags.timeout) : undefined,
          payloadFormat: flags['payload-format'] as never,
        },
      });
      return { id: added.id, signing_secret: added.signingSecret };
    },
  },
  'destination add inbox': {
    usage: 'destination add inbox --dev-id D [--name N] [--payload-format terra|fhir]',
    async run(db, flags) {
      const ctx = await accountCtxByDevId(db, required(flags, 'dev-id'), actor);
      const added = await addDestination({
        ctx,
        input: { kind: 'inbox', name: flags.name ?? 'Inbox', payloadFormat: flags['payload-format'] as never },
      });
      return { id: added.id, signing_secret: added.signingSecret };
    },
  },
  'secrets rotate-key': {
    usage: 'secrets rotate-key   (re-encrypts every secret with a new key; docs/operations.md)',
    async run(db) {
      const report = await rotateEncryptionKey({ db, actor });
      return { key_id: report.keyId, key_source: report.source, reencrypted: report.reencrypted };
    },
  },
  'connections list': {
    usage: 'connections list --dev-id D',
    async run(db, flags) {
      const ctx = await accountCtxByDevId(db, required(flags, 'dev-id'), actor);
      const rows = await listConnections({ ctx });
      return {
        dev_id: ctx.account.devId,
        connections: rows.map((c) => ({
          user_id: c.userId,
          reference_id: c.referenceId,
          provider: c.provider,
          status: c.status,
          created_at: c.createdAt.toISOString(),
          last_poll_at: c.lastPollAt?.toISOString() ?? null,
          next_poll_at: c.nextPollAt.toISOString(),
        })),
      };
    },
  },
};

export function usage(): string {
  const all = [...Object.values(commands), ...Object.values(downloadCommands)];
  return ['Usage: heartbridge <command> [--json]', '', ...all.map((c) => `  ${c.usage}`)].join('\n');
}

/** `destination add <kind>` for the kinds configured by settings and credentials, given as JSON. */
for (const kind of Object.keys(configuredKinds) as ConfiguredKindName[]) {
  commands[`destination add ${kind}`] = {
    usage: `destination add ${kind} --dev-id D --settings '{…}' [--secrets '{…}'] [--name N] [--payload-format terra|fhir]`,
    async run(db, flags) {
      const ctx = await accountCtxByDevId(db, required(flags, 'dev-id'), actor);
      const json = (name: string) => {
        try {
          return JSON.parse(flags[name] ?? '{}') as Record<string, unknown>;
        } catch {
          throw Invalid(`--${name} must be a JSON object.`, { field: name });
        }
      };
      const added = await addDestination({
        ctx,
        input: {
          kind,
          name: flags.name,
          settings: json('settings'),
          secrets: json('secrets'),
          payloadFormat: flags['payload-format'] as never,
        },
      });
      return { id: added.id, kind, signing_secret: added.signingSecret };
    },
  };
}
