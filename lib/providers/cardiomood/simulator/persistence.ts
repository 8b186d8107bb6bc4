import fs from 'node:fs';
import path from 'node:path';
import type { AccessGrant, RefreshGrant, SimulatorState } from './state';

// The demo's simulator keeps its grants in a file, so that a restart of `npm start` does not
// silently revoke every demo connection. Tests run without a file.

interface Saved {
  accessTokens: Array<[string, AccessGrant]>;
  refreshTokens: Array<[string, RefreshGrant]>;
  revoked: string[];
}

export function loadGrants(state: SimulatorState): void {
  if (!state.statePath || !fs.existsSync(state.statePath)) return;
  const saved = JSON.parse(fs.readFileSync(state.statePath, 'utf8')) as Saved;
  for (const [token, grant] of saved.accessTokens) state.accessTokens.set(token, grant);
  for (const [token, grant] of saved.refreshTokens) state.refreshTokens.set(token, grant);
  for (const username of saved.revoked) {
    const account = state.accounts.get(username);
    if (account) account.revoked = true;
  }
}

export function saveGrants(state: SimulatorState): void {
  if (!state.statePath) return;
  const saved: Saved = {
    accessTokens: [...state.accessTokens],
    refreshTokens: [...state.refreshTokens].filter(([, grant]) => !grant.used),
    revoked: [...state.accounts.values()].filter((a) => a.revoked).map((a) => a.username),
  };
  fs.mkdirSync(path.dirname(state.statePath), { recursive: true });
  fs.writeFileSync(state.statePath, JSON.stringify(saved), { mode: 0o600 });
}
