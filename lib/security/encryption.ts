import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { config } from '../config';

// AES-256-GCM. Stored form: `v1.<iv>.<tag>.<ciphertext>`, base64url. The key comes from
// HEARTBRIDGE_ENCRYPTION_KEY (32 bytes, base64), else is generated once beside the data (mode 0600).

let cached: Buffer | undefined;

function key(): Buffer {
  if (cached) return cached;
  const fromEnv = process.env.HEARTBRIDGE_ENCRYPTION_KEY;
  let encoded = fromEnv;
  if (!encoded) {
    const file = path.join(config().dataDir, 'encryption-key');
    if (!fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      fs.writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    }
    encoded = fs.readFileSync(file, 'utf8').trim();
  }
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length !== 32) throw new Error('HEARTBRIDGE_ENCRYPTION_KEY must be 32 bytes, base64-encoded');
  cached = bytes;
  return bytes;
}

/** Encrypts a secret for storage. */
export function encrypt(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), body]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** Decrypts what `encrypt` stored; throws when the value was tampered with or the key is wrong. */
export function decrypt(stored: string): string {
  const [version, iv, tag, body] = stored.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not an encrypted value');
  const decipher = createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}
