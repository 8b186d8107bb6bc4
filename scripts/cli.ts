/** The command-line tool: through the running server when one holds the embedded database, else direct. */
import { usage } from '@/lib/cli/commands';
import { type CommandResult, runCommand } from '@/lib/cli/run-command';
import { config } from '@/lib/config';
import { closeDatabase, database } from '@/lib/database';
import { readServerLock, type ServerLock } from '@/lib/setup/runtime-files';
import { isDownload, runDownload } from './cli-download';

function parse(argv: string[]) {
  const words: string[] = [];
  const flags: Record<string, string> = {};
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--json') json = true;
    else if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s);
      const value = inline ?? argv[i + 1];
      if (inline === undefined) i++;
      flags[name as string] = value ?? '';
    } else words.push(arg);
  }
  return { command: words.join(' '), flags, json };
}

async function viaServer(port: number, token: string, command: string, flags: Record<string, string>) {
  const response = await fetch(`http://127.0.0.1:${port}/api/internal/cli`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ command, flags }),
  });
  return (await response.json()) as CommandResult;
}

async function direct(command: string, flags: Record<string, string>) {
  try {
    const { db, migrate } = await database();
    await migrate();
    return await runCommand(db, command, flags);
  } finally {
    await closeDatabase();
  }
}

async function download(
  command: string,
  flags: Record<string, string>,
  lock: ServerLock | null,
): Promise<CommandResult | null> {
  try {
    const written = await runDownload(command, flags, lock);
    return written && { ok: true, result: written };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

async function main() {
  const { command, flags, json } = parse(process.argv.slice(2));
  if (!command || command === 'help') {
    console.log(usage());
    return;
  }
  const lock = config().databaseUrl ? null : readServerLock();
  const outcome = isDownload(command)
    ? await download(command, flags, lock)
    : lock
      ? await viaServer(lock.port, lock.token, command, flags)
      : await direct(command, flags);
  if (outcome === null) return; // the document went to standard output
  if (!outcome.ok) {
    console.error(json ? JSON.stringify({ error: outcome.error }) : `Error: ${outcome.error}`);
    process.exitCode = 1;
    return;
  }
  if (json) console.log(JSON.stringify(outcome.result));
  else {
    for (const [key, value] of Object.entries(outcome.result)) {
      console.log(`${key}: ${typeof value === 'object' ? JSON.stringify(value, null, 2) : value}`);
    }
  }
}

main().catch((error) => {
  console.error(`Error: ${(error as Error).message}`);
  process.exitCode = 1;
});
