import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** The newest installed PostgreSQL server's bin directory, or null when none is installed. */
export function postgresBinDir(): string | null {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return null;
  const versions = fs
    .readdirSync(base)
    .filter((v) => fs.existsSync(path.join(base, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], 'bin') : null;
}

/**
 * A PostgreSQL server of the test's own (initdb into a temp dir, a free port), so that a test can
 * stop, crash and restart it without touching the machine's shared server. PostgreSQL refuses to run
 * as root: as root, it runs as the `postgres` user (which the server's package creates).
 */
export async function startPrivatePostgres(binDir: string) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-private-pg-'));
  const user = process.getuid?.() === 0 ? postgresUser() : undefined;
  if (user) fs.chownSync(root, user.uid, user.gid);
  const data = path.join(root, 'data');
  const initdb = ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8'];
  execFileSync(path.join(binDir, 'initdb'), initdb, { stdio: 'ignore', ...user });
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let server: ChildProcess | null = null;

  const start = async () => {
    // fsync off: the machine does not crash here, the server does; commits still reach the kernel.
    const args = [
      ...['-D', data, '-p', String(port), '-k', root],
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
    ];
    // After a crash a dying backend may hold the old shared memory a moment: the new server refuses, then starts.
    for (let attempt = 1; ; attempt++) {
      const spawned = spawn(path.join(binDir, 'postgres'), args, { stdio: 'ignore', ...user });
      server = spawned;
      if (await ready(url, 30_000, () => spawned.exitCode === null && spawned.signalCode === null)) return;
      if (attempt >= 20) throw new Error(`private PostgreSQL did not start on port ${port}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };

  const stop = async (how: 'fast' | 'crash') => {
    const running = server;
    server = null;
    if (!running?.pid || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    if (how === 'crash') {
      // Backends are session leaders of their own: each is killed by pid, with the postmaster.
      for (const pid of [running.pid, ...descendants(running.pid)]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    } else running.kill('SIGINT'); // "fast" shutdown: sessions are cut, the data is flushed
    await exited;
  };

  await start();
  return {
    url,
    port,
    start,
    /** Stops the server, a clean fast shutdown or a crash (SIGKILL to every process of the server). */
    stop,
    async destroy() {
      await stop('fast');
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

export type PrivatePostgres = Awaited<ReturnType<typeof startPrivatePostgres>>;

/** Whether the server accepts a query within `timeoutMs`; false at once when it exits. */
async function ready(url: string, timeoutMs: number, alive: () => boolean): Promise<boolean> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs && alive()) {
    // A connection that neither opens nor fails (a server half up or half down) is given up, not awaited.
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000, query_timeout: 2_000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      return true;
    } catch {
      await client.end().catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return false;
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** Every process below `pid` (children of children too), from /proc. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while being read
    }
  }
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const child of parents.get(parent) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
