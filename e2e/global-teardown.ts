/** Stops the test server (SIGTERM, SIGKILL after 10 s), drops the e2e database, removes the temporary data directory. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serverSlot } from './global-setup';
import { readPartialState } from './state';
import { dropDatabase, type RunningServer, sleep } from './support';

export default async function globalTeardown(): Promise<void> {
  const state = readPartialState();
  const server = (globalThis as Record<symbol, RunningServer | undefined>)[serverSlot];
  if (server) await server.stop();
  else if (state?.serverPid) await stopByPid(state.serverPid);

  if (state?.adminDatabaseUrl && state.databaseName) {
    await dropDatabase(state.adminDatabaseUrl, state.databaseName).catch((error) =>
      console.error(`[e2e] could not drop database ${state.databaseName}: ${(error as Error).message}`),
    );
  }
  // Only ever a directory this suite made under the system's temporary directory.
  if (state?.dataDir && path.basename(state.dataDir).startsWith('hb-e2e-') && state.dataDir.startsWith(os.tmpdir())) {
    fs.rmSync(state.dataDir, { recursive: true, force: true });
  }
}

async function stopByPid(pid: number): Promise<void> {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; waited < 10_000 && alive(); waited += 200) await sleep(200);
  if (alive()) process.kill(pid, 'SIGKILL');
}
