import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { json } from '../api/respond';
import { database } from '../database';
import { log } from '../log';
import { readServerLock } from '../setup/runtime-files';
import { streamBody } from '../api/stream-body';
import { isHeartbridgeError } from '../errors';
import { type Download, downloadCommands } from './download-commands';
import { runCommand } from './run-command';

const Body = z.object({ command: z.string(), flags: z.record(z.string(), z.string()) });

/** `POST /api/internal/cli`: runs a CLI command for a local caller holding the server's token. */
export async function serveCliRequest(request: Request): Promise<Response> {
  const lock = readServerLock();
  const given = Buffer.from((request.headers.get('authorization') ?? '').replace(/^Bearer /, ''));
  const expected = Buffer.from(lock?.token ?? '');
  if (!lock || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return json({ ok: false, error: 'unauthorized' }, 401);
  }
  const body = Body.safeParse(await request.json().catch(() => null));
  if (!body.success) return json({ ok: false, error: 'Malformed CLI request.' }, 400);
  const { db } = await database();
  const download = downloadCommands[body.data.command];
  if (download) return serveDownload(() => download.open(db, body.data.flags), body.data.command);
  try {
    return json(await runCommand(db, body.data.command, body.data.flags));
  } catch (error) {
    log.error({ err: error, command: body.data.command }, 'CLI command failed');
    return json({ ok: false, error: 'The command failed; see the server log.' }, 500);
  }
}

/**
 * A download command's document, streamed; `x-heartbridge-download` names the file and tells the CLI it is
 * a document. A refusal before the first byte comes back as any command's `{ok: false, error}`.
 */
async function serveDownload(open: () => Promise<Download>, command: string): Promise<Response> {
  try {
    const download = await open();
    const body = streamBody(download.chunks, (error) => log.error({ err: error, command }, 'CLI download failed'));
    return new Response(body, {
      headers: { 'content-type': download.contentType, 'x-heartbridge-download': download.filename },
    });
  } catch (error) {
    if (isHeartbridgeError(error)) return json({ ok: false, error: error.message });
    log.error({ err: error, command }, 'CLI command failed');
    return json({ ok: false, error: 'The command failed; see the server log.' }, 500);
  }
}
