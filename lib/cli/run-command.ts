import type { Db } from '@/db/client';
import { isHeartbridgeError } from '../errors';
import { commands, type Flags, usage } from './commands';

export type CommandResult = { ok: true; result: Record<string, unknown> } | { ok: false; error: string };

/** Runs one CLI command against a database; errors come back as readable messages. */
export async function runCommand(db: Db, name: string, flags: Flags): Promise<CommandResult> {
  const command = commands[name];
  if (!command) return { ok: false, error: `Unknown command "${name}".\n${usage()}` };
  try {
    return { ok: true, result: await command.run(db, flags) };
  } catch (error) {
    if (isHeartbridgeError(error)) return { ok: false, error: error.message };
    throw error;
  }
}
