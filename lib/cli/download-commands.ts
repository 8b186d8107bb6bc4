import type { Db } from '@/db/client';
import { accountCtxByDevId } from '../accounts/account-by-dev-id';
import { accountCtxOfUser } from '../accounts/account-of-user';
import { exportUser } from '../data-rights/export-user';
import { actor, type Flags, required } from './commands';

/** A document streamed out: to `--out FILE`, or to standard output. */
export interface Download {
  filename: string;
  contentType: string;
  chunks: AsyncIterable<string>;
}

interface DownloadCommand {
  usage: string;
  open(db: Db, flags: Flags): Promise<Download>;
}

/** `heartbridge <command>`s that write a document rather than print a result. */
export const downloadCommands: Record<string, DownloadCommand> = {
  'user export': {
    usage: 'user export --user-id U [--dev-id D] [--out FILE]',
    async open(db, flags) {
      const userId = required(flags, 'user-id');
      const devId = flags['dev-id'];
      const ctx = devId ? await accountCtxByDevId(db, devId, actor) : await accountCtxOfUser(db, userId, actor);
      return exportUser({ ctx, input: { userId } });
    },
  },
};
