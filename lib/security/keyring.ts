import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { config } from '../config';

/** A 32-byte AES key and its id: a short hash written into every value it encrypts. */
export interface Key {
  id: string;
  bytes: Buffer;
}

/** The key that encrypts, and the others that may still decrypt (mid-rotation). */
export interface Keyring {
  current: Key;
  others: Key[];
  /** Where the current key comes from: the environment, or the file beside the embedded data. */
  source: 'env' | 'file';
}

export const keyFiles = { current: 'encryption-key', next: 'encryption-key.next' } as const;

export function keyFromBase64(encoded: string, what = 'HEARTBRIDGE_ENCRYPTION_KEY'): Key {
  const bytes = Buffer.from(encoded.trim(), 'base64');
  if (bytes.length !== 32) throw new Error(`${what} must be 32 bytes, base64-encoded`);
  const id = createHash('sha256').update('heartbridge-key-id\0').update(bytes).digest('base64url').slice(0, 11);
  return { id, bytes };
}

export function keyFile(name: string): string {
  return path.join(config().dataDir, name);
}

/** Writes a fresh random key to `file` unless one is there (owner-only), and returns what the file holds. */
export function ensureKeyFile(file: string): Key {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      fs.writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return keyFromBase64(fs.readFileSync(file, 'utf8'), file);
}

function readKeyFile(file: string): Key | null {
  return fs.existsSync(file) ? keyFromBase64(fs.readFileSync(file, 'utf8'), file) : null;
}

/**
 * Reads the keys: HEARTBRIDGE_ENCRYPTION_KEY (else the data directory's key file, made on first use)
 * encrypts; HEARTBRIDGE_PREVIOUS_ENCRYPTION_KEYS (comma-separated) and a pending
 * `encryption-key.next` left by an unfinished rotation only decrypt.
 */
export function loadKeyring(): Keyring {
  const fromEnv = process.env.HEARTBRIDGE_ENCRYPTION_KEY;
  const current = fromEnv ? keyFromBase64(fromEnv) : ensureKeyFile(keyFile(keyFiles.current));
  const previous = (process.env.HEARTBRIDGE_PREVIOUS_ENCRYPTION_KEYS ?? '')
    .split(',')
    .filter((encoded) => encoded.trim())
    .map((encoded) => keyFromBase64(encoded, 'HEARTBRIDGE_PREVIOUS_ENCRYPTION_KEYS'));
  const next = fromEnv ? null : readKeyFile(keyFile(keyFiles.next));
  const others = [...(next ? [next] : []), ...previous].filter((key) => key.id !== current.id);
  return { current, others, source: fromEnv ? 'env' : 'file' };
}

// One keyring per process: Next's bundled server code and the start script load this module as
// two copies, and a rotation run by one must be seen by both.
const slot = Symbol.for('heartbridge.keyring');
type Slot = { [slot]?: Keyring };

export function keyring(): Keyring {
  const holder = globalThis as Slot;
  holder[slot] ??= loadKeyring();
  return holder[slot];
}

/** Replaces the process's keyring (a rotation), or forgets it so the next use reads the keys again. */
export function setKeyring(ring: Keyring | undefined): void {
  (globalThis as Slot)[slot] = ring;
}
