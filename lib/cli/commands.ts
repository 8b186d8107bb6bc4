import type { Db } from '@/db/client';
import { accountCtxByDevId } from '../accounts/account-by-dev-id';
import { createAccount } from '../accounts/create-account';
import { createApiKey } from '../api-keys/create-api-key';
import type { Actor } from '../context';
import { Invalid } from '../errors';

export type Flags = Record<string, string | undefined>;

interface Command {
  usage: string;
  run(db: Db, flags: Flags): Promise<Record<string, unknown>>;
}

const actor: Actor = { kind: 'system', name: 'cli' };

function required(flags: Flags, name: string): string {
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
};

export function usage(): string {
  return ['Usage: heartbridge <command> [--json]', '', ...Object.values(commands).map((c) => `  ${c.usage}`)].join(
    '\n',
  );
}
