import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

const root = path.resolve(import.meta.dirname, '../..');

/** `npm run worker` processes on a PostgreSQL database, as an operator starts them; `stopAll` kills the rest. */
export function workerProcesses() {
  const started: ChildProcess[] = [];
  const kill = async (worker: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> => {
    if (worker.exitCode !== null || worker.signalCode !== null) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.kill(signal);
    await exited;
  };
  const start = (databaseUrl: string, env: Record<string, string>, stdout: 'inherit' | 'pipe') => {
    const worker = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', stdout, 'inherit'],
    });
    started.push(worker);
    return worker;
  };
  return {
    spawn: (databaseUrl: string, env: Record<string, string> = {}): ChildProcess => start(databaseUrl, env, 'inherit'),
    /** A worker, once it has started all its parts (its log says so); its other log lines are dropped. */
    async spawnStarted(databaseUrl: string, env: Record<string, string> = {}): Promise<ChildProcess> {
      const worker = start(databaseUrl, { ...env, LOG_LEVEL: 'info' }, 'pipe');
      const lines = readline.createInterface({ input: worker.stdout as NonNullable<typeof worker.stdout> });
      await new Promise<void>((resolve, reject) => {
        lines.on('line', (line) => {
          if (line.includes('"msg":"worker started"')) resolve();
        });
        worker.once('exit', (code) => reject(new Error(`the worker exited (${code}) before it had started`)));
      });
      return worker;
    },
    kill,
    stopAll: async () => {
      await Promise.all(started.map((worker) => kill(worker)));
    },
  };
}
