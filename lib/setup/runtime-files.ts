import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { config } from '../config';

/** Files Heartbridge keeps beside its data, readable by its owner only. */
function file(name: string): string {
  return path.join(config().dataDir, name);
}

function writePrivate(target: string, content: string): void {
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  fs.writeFileSync(target, content, { mode: 0o600 });
}

/** The session-signing secret: from the environment, else generated once and kept in the data directory. */
export function sessionSecret(): string {
  const fromEnv = process.env.NEXTAUTH_SECRET || process.env.HEARTBRIDGE_SECRET;
  if (fromEnv) return fromEnv;
  const target = file('session-secret');
  if (!fs.existsSync(target)) writePrivate(target, randomBytes(32).toString('base64url'));
  return fs.readFileSync(target, 'utf8').trim();
}

export interface ServerLock {
  pid: number;
  port: number;
  token: string;
}

/**
 * A running server announces itself so that the CLI goes through it instead of opening the
 * embedded database a second time (PGlite allows one process per data directory).
 */
export function writeServerLock(port: number): ServerLock {
  const lock = { pid: process.pid, port, token: randomBytes(32).toString('base64url') };
  writePrivate(file('server.json'), JSON.stringify(lock));
  return lock;
}

export function readServerLock(): ServerLock | null {
  try {
    const lock = JSON.parse(fs.readFileSync(file('server.json'), 'utf8')) as ServerLock;
    process.kill(lock.pid, 0); // throws when the process is gone
    return lock;
  } catch {
    return null;
  }
}

export function removeServerLock(): void {
  const lock = readServerLock();
  if (lock?.pid === process.pid) fs.rmSync(file('server.json'), { force: true });
}
