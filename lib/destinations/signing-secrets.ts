import { decrypt, encrypt } from '../security/encryption';

export interface SigningSecret {
  secret: string;
  /** When a rotated-out secret stops being sent; absent for the current one. */
  expiresAt?: string;
}

export function sealSecrets(secrets: SigningSecret[]): string {
  return encrypt(JSON.stringify(secrets));
}

/** The secrets to sign with now: the current one first, then any still inside its rotation overlap. */
export function activeSecrets(sealed: string, now = new Date()): string[] {
  const secrets = JSON.parse(decrypt(sealed)) as SigningSecret[];
  return secrets.filter((s) => !s.expiresAt || Date.parse(s.expiresAt) > now.getTime()).map((s) => s.secret);
}
