/** What the global setup prepared, written to a file the teardown and the tests read. */
import fs from 'node:fs';
import path from 'node:path';
import { stateFile } from './support';

export type PersonaName = 'owner' | 'developer' | 'viewer' | 'support' | 'otherOwner';

export interface Persona {
  email: string;
  password: string;
  /** A signed-in browser state (next-auth session cookie). */
  storageState: string;
}

export interface AccountInfo {
  name: string;
  devId: string;
}

export interface E2EState {
  baseURL: string;
  port: number;
  serverPid?: number;
  serverLog: string;
  mode: 'pglite' | 'postgres';
  /** Always set: the session secret and server.json live here even with PostgreSQL. */
  dataDir: string;
  /** With TEST_DATABASE_URL: the fresh database the server uses, and the server's admin URL to drop it. */
  databaseUrl?: string;
  databaseName?: string;
  adminDatabaseUrl?: string;
  accounts: { demo: AccountInfo; other: AccountInfo };
  personas: Record<PersonaName, Persona>;
}

export function writeState(state: Partial<E2EState>): void {
  fs.mkdirSync(path.dirname(stateFile), { recursive: true });
  fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
}

export function readPartialState(): Partial<E2EState> | undefined {
  try {
    return JSON.parse(fs.readFileSync(stateFile, 'utf8')) as Partial<E2EState>;
  } catch {
    return undefined;
  }
}

let cached: E2EState | undefined;

/** The complete state; throws when the global setup did not finish. */
export function e2eState(): E2EState {
  if (cached) return cached;
  const state = readPartialState();
  if (!state?.personas || !state.accounts || !state.baseURL) {
    throw new Error(`No complete e2e state in ${stateFile}: did the global setup run and succeed?`);
  }
  cached = state as E2EState;
  return cached;
}
