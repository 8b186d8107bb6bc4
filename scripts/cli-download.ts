/** `heartbridge <download command>`: streams a document to `--out FILE` (then prints where) or to standard output. */
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { downloadCommands } from '@/lib/cli/download-commands';
import { closeDatabase, database } from '@/lib/database';
import { isHeartbridgeError } from '@/lib/errors';
import type { ServerLock } from '@/lib/setup/runtime-files';

type Chunks = AsyncIterable<string | Uint8Array>;

export const isDownload = (command: string) => command in downloadCommands;

/** Through the running server (which holds the embedded database): the document comes back as the response body. */
async function viaServer(
  lock: ServerLock,
  command: string,
  flags: Record<string, string>,
  write: (c: Chunks) => Promise<number>,
) {
  const response = await fetch(`http://127.0.0.1:${lock.port}/api/internal/cli`, {
    method: 'POST',
    headers: { authorization: `Bearer ${lock.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ command, flags }),
  });
  const filename = response.headers.get('x-heartbridge-download');
  if (!filename || !response.body) {
    const refused = (await response.json()) as { error?: string };
    throw new Error(refused.error ?? `The server answered ${response.status}.`);
  }
  return { filename, bytes: await write(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>)) };
}

async function direct(command: string, flags: Record<string, string>, write: (c: Chunks) => Promise<number>) {
  const open = downloadCommands[command]?.open;
  if (!open) throw new Error(`Unknown command "${command}".`);
  try {
    const { db, migrate } = await database();
    await migrate();
    const download = await open(db, flags);
    return { filename: download.filename, bytes: await write(download.chunks) };
  } catch (error) {
    if (isHeartbridgeError(error)) throw new Error(error.message);
    throw error;
  } finally {
    await closeDatabase();
  }
}

async function writeAll(chunks: Chunks, out: NodeJS.WritableStream): Promise<number> {
  let bytes = 0;
  for await (const chunk of chunks) {
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  return bytes;
}

/** Runs a download command; with `--out` it prints `{out, filename, bytes}`, else the document is the output. */
export async function runDownload(command: string, flags: Record<string, string>, lock: ServerLock | null) {
  // scripts/heartbridge.mjs moves to the project's root: a relative --out means where the caller stood.
  const target = flags.out ? path.resolve(process.env.HEARTBRIDGE_CALLER_CWD ?? process.cwd(), flags.out) : null;
  const write = async (chunks: Chunks) => {
    if (!target) return writeAll(chunks, process.stdout);
    const file = fs.createWriteStream(target, { mode: 0o600 });
    try {
      const bytes = await writeAll(chunks, file);
      file.end();
      await once(file, 'finish');
      return bytes;
    } catch (error) {
      file.destroy();
      fs.rmSync(target, { force: true }); // no half document left behind
      throw error;
    }
  };
  const { filename, bytes } = lock ? await viaServer(lock, command, flags, write) : await direct(command, flags, write);
  return target ? { out: target, filename, bytes } : null;
}
