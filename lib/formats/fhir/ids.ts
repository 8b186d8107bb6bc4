import { createHash } from 'node:crypto';

/**
 * A UUID made from names (the RFC 4122 version 5 layout over SHA-1): the same payload always gives the
 * same resource ids, so a Bundle is a pure function of its payload and a redelivery carries the same ids.
 */
export function stableUuid(...names: string[]): string {
  const hash = createHash('sha1').update(names.join('\u0000')).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const urn = (uuid: string) => `urn:uuid:${uuid}`;
