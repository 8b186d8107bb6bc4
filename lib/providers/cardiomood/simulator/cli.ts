import type { ClientApp, SimulatorOptions } from './state';

export const SIM_USAGE = `Usage: npm run sim -- [options]

  --port P                     port on 127.0.0.1 (default 4010; 0 picks a free one)
  --accounts N                 simulated accounts user1…userN (default 3)
  --password PW                every account's password (default "password")
  --client ID:SECRET:URI       register a client app; repeat it, also to give one app several redirect URIs
  --rate-limit N               calls per client app per minute (default 180)
  --token-ttl S                access-token lifetime in seconds (default 3600)
  --admin-token T              require header x-admin-token: T on /admin/* (default: loopback callers only)
  --seed S                     data seed (default "cardiomood")
  --help                       this text`;

const NUMERIC = {
  '--port': 'port',
  '--accounts': 'accounts',
  '--rate-limit': 'rateLimitPerMinute',
  '--token-ttl': 'accessTokenTtlSeconds',
} as const;
const TEXT = { '--password': 'password', '--admin-token': 'adminToken', '--seed': 'seed' } as const;

/**
 * `--client ID:SECRET:REDIRECT_URI`, split on the first two colons only: the redirect URI keeps its
 * own (`http://localhost:3000/callback`, `cardiomood://example/redirect`).
 */
export function parseClient(value: string): { id: string; secret: string; redirectUri: string } {
  const first = value.indexOf(':');
  const second = first < 0 ? -1 : value.indexOf(':', first + 1);
  const id = value.slice(0, first);
  const secret = value.slice(first + 1, second);
  const redirectUri = value.slice(second + 1);
  if (first < 1 || second <= first + 1 || !redirectUri) {
    throw new Error(`--client expects ID:SECRET:REDIRECT_URI, got "${value}"`);
  }
  return { id, secret, redirectUri };
}

/** The simulator's options from `scripts/sim.ts` arguments (`--name value` or `--name=value`); throws on a bad one. */
export function parseSimArgs(argv: string[]): SimulatorOptions & { help: boolean } {
  const options: SimulatorOptions & { help: boolean } = { port: 4010, help: false };
  const clients = new Map<string, ClientApp>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') {
      options.help = true;
      continue;
    }
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg];
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--client') {
      const { id, secret, redirectUri } = parseClient(value);
      const known = clients.get(id);
      if (known && known.secret !== secret) throw new Error(`--client ${id} is given with two different secrets`);
      clients.set(id, { id, secret, redirectUris: [...(known?.redirectUris ?? []), redirectUri] });
    } else if (flag in NUMERIC) {
      const number = Number(value);
      const max = flag === '--port' ? 65_535 : 1_000_000_000;
      if (!/^\d+$/.test(value) || number > max) throw new Error(`${flag} expects a whole number up to ${max}`);
      options[NUMERIC[flag as keyof typeof NUMERIC]] = number;
    } else if (flag in TEXT) {
      options[TEXT[flag as keyof typeof TEXT]] = value;
    } else {
      throw new Error(`unknown option ${flag}`);
    }
  }
  options.clients = [...clients.values()];
  return options;
}
