import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { json } from '../api/respond';
import { database } from '../database';
import { log } from '../log';
import { readServerLock } from '../setup/runtime-files';
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
  try {
    return json(await runCommand(db, body.data.command, body.data.flags));
  } catch (error) {
    log.error({ err: error, command: body.data.command }, 'CLI command failed');
    return json({ ok: false, error: 'The command failed; see the server log.' }, 500);
  }
}
