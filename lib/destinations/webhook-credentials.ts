/** Basic-auth credentials written into a webhook URL (`https://user:pass@host/…`). */
export interface UrlCredentials {
  username: string;
  password: string;
}

/**
 * Takes the credentials out of a webhook URL, so that the URL can be stored and shown in clear and
 * the credentials kept with the encrypted secrets. Both stay percent-encoded as the URL had them.
 */
export function splitUrlCredentials(value: string): { url: string; credentials: UrlCredentials | null } {
  const url = new URL(value);
  if (!url.username && !url.password) return { url: value, credentials: null };
  const credentials = { username: url.username, password: url.password };
  url.username = '';
  url.password = '';
  return { url: url.toString(), credentials };
}

/** The URL to send to: the stored one with its credentials put back (Node sends them as Basic auth). */
export function withUrlCredentials(value: string, secrets: Record<string, unknown>): string {
  const { username, password } = secrets as Partial<UrlCredentials>;
  if (typeof username !== 'string' && typeof password !== 'string') return value;
  const url = new URL(value);
  url.username = username ?? '';
  url.password = password ?? '';
  return url.toString();
}
