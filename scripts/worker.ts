/**
 * `npm run worker`: a worker process on PostgreSQL (DATABASE_URL), beside the web process. Start as
 * many as the load needs, on any machine: pg-boss hands each job to one of them.
 */
import path from 'node:path';
import { config } from '@/lib/config';
import { closeDatabase, database } from '@/lib/database';
import { startWorker } from '@/lib/jobs/worker';
import { log } from '@/lib/log';

process.chdir(path.resolve(import.meta.dirname, '..'));
if (!config().databaseUrl) {
  console.error('npm run worker needs DATABASE_URL: the embedded database runs its worker inside `npm start`.');
  process.exit(1);
}
const opened = await database();
await opened.migrate();
const concurrency = Number(process.env.HEARTBRIDGE_WORKER_CONCURRENCY ?? 4);
const worker = await startWorker(opened, { concurrency });
log.info({ pid: process.pid, concurrency }, 'worker started');
const stop = async () => {
  await worker.stop();
  await closeDatabase();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
