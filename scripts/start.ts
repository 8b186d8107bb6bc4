/**
 * `npm start` (and `npm run dev` with --dev): one process that opens and migrates the database,
 * seeds the demo account on first start, builds the app when the build is missing or stale, and serves it.
 */
import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { build, buildIsCurrent } from './build';
import { config } from '@/lib/config';
import { closeDatabase, database } from '@/lib/database';
import { startWorker } from '@/lib/jobs/worker';
import { log } from '@/lib/log';
import { removeServerLock, sessionSecret, writeServerLock } from '@/lib/setup/runtime-files';
import { seedDemoConnections, startDemoSimulator } from '@/lib/setup/demo';
import { seedDemo } from '@/lib/setup/seed';

const root = path.resolve(import.meta.dirname, '..');
process.env.HEARTBRIDGE_DATA_DIR = path.resolve(process.env.HEARTBRIDGE_DATA_DIR ?? path.join(root, '.data'));
process.chdir(root);

const dev = process.argv.includes('--dev');
const settings = config();
process.env.NEXTAUTH_URL ??= settings.publicUrl;
process.env.NEXTAUTH_SECRET ??= sessionSecret();

function fail(message: string): never {
  console.error(`\nHeartbridge could not start: ${message}\n`);
  process.exit(1);
}

async function prepareDatabase() {
  try {
    const opened = await database();
    await opened.migrate();
    return opened;
  } catch (error) {
    fail((error as Error).message);
  }
}

function buildIfMissing(): void {
  if (dev || buildIsCurrent()) return;
  console.log('The build is missing or older than the sources: building the app (next build)…');
  if (!build()) fail('next build failed (see above).');
}

async function main() {
  const opened = await prepareDatabase();
  const seeded = await seedDemo(opened.db, { email: settings.adminEmail, password: settings.adminPassword });
  buildIfMissing();
  // The embedded database has one process, so the worker lives here; on PostgreSQL it may live
  // here and in any number of `npm run worker` processes.
  const worker = process.env.HEARTBRIDGE_WORKER === 'false' ? null : await startWorker(opened);
  const demo =
    process.env.HEARTBRIDGE_SIMULATOR === 'false'
      ? null
      : await startDemoSimulator().catch((error) => {
          console.warn(
            `The CardioMood simulator could not start (${(error as Error).message}); set HEARTBRIDGE_SIMULATOR_PORT or HEARTBRIDGE_SIMULATOR=false.`,
          );
          return null;
        });

  const app = next({ dev, dir: root, port: settings.port, hostname: 'localhost' });
  await app.prepare();
  const handle = app.getRequestHandler();
  const trustProxy = process.env.HEARTBRIDGE_TRUST_PROXY === 'true';

  const server = http.createServer((req, res) => {
    const started = performance.now();
    // The client address used for sign-in throttling: the socket's, unless a trusted proxy sets it.
    if (!trustProxy) req.headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
    res.on('finish', () => {
      const line = {
        method: req.method,
        path: req.url?.split('?')[0],
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
      };
      if (line.path?.startsWith('/_next/')) log.debug(line, 'request');
      else log.info(line, 'request');
    });
    handle(req, res);
  });
  server.on('error', (error) => fail(`cannot listen on port ${settings.port}: ${error.message}`));
  // Longer than the delivery agents keep an idle connection (lib/delivery/send-webhook.ts), so a delivery
  // to the built-in inbox never reuses a socket the server is closing.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.listen(settings.port, () => {
    writeServerLock(settings.port);
    printBanner(opened.kind, seeded, demo?.simulator.url);
    if (seeded && demo) {
      seedDemoConnections(opened.db, seeded.devId, demo.simulator, demo.clientSecret).catch((error) =>
        log.error({ err: error }, 'demo seeding failed'),
      );
    }
  });

  const stop = async () => {
    removeServerLock();
    server.close();
    await worker?.stop().catch(() => {});
    await demo?.simulator.close().catch(() => {});
    await app.close().catch(() => {});
    await closeDatabase().catch(() => {});
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function printBanner(kind: string, seeded: Awaited<ReturnType<typeof seedDemo>>, simulatorUrl?: string) {
  const where = kind === 'pglite' ? `embedded PGlite in ${settings.dataDir}` : 'PostgreSQL (DATABASE_URL)';
  const lines = ['', `Heartbridge is running at ${settings.publicUrl}`, `  database: ${where}`];
  if (seeded) {
    lines.push(
      `  demo account created (dev-id ${seeded.devId})`,
      `  sign in at ${settings.publicUrl}/sign-in as ${seeded.email}`,
      seeded.generatedPassword
        ? `  password: ${seeded.generatedPassword}   (shown once; set HEARTBRIDGE_ADMIN_PASSWORD to choose it)`
        : '  password: the one in HEARTBRIDGE_ADMIN_PASSWORD',
    );
  } else {
    lines.push(`  sign in at ${settings.publicUrl}/sign-in with your existing account`);
  }
  if (simulatorUrl) {
    lines.push(
      `  CardioMood simulator at ${simulatorUrl} (accounts user1…user10, password "password")`,
      seeded ? '  connecting 3 demo users and syncing a month of their history in the background…' : '',
    );
  }
  console.log(`${lines.join('\n')}\n`);
}

main().catch((error) => fail((error as Error).stack ?? String(error)));
