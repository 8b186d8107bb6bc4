import { type Database, openDatabase } from '@/db/client';
import { config } from './config';

// One database per process, shared by the start script and by Next's bundled server code,
// which load this module as two separate copies.
const slot = Symbol.for('heartbridge.database');
type Slot = { [slot]?: Promise<Database> };

/** The process's database, opened on first use from the environment's settings. */
export function database(): Promise<Database> {
  const holder = globalThis as Slot;
  if (!holder[slot]) {
    const { databaseUrl, dataDir } = config();
    holder[slot] = openDatabase({ url: databaseUrl, dataDir });
    holder[slot].catch(() => {
      holder[slot] = undefined;
    });
  }
  return holder[slot];
}

export async function closeDatabase(): Promise<void> {
  const holder = globalThis as Slot;
  const open = holder[slot];
  holder[slot] = undefined;
  if (open) await (await open).close();
}
