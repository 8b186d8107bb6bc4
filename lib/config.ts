import path from 'node:path';

/** Settings read from the environment; the one place that names Heartbridge's variables. */
export function config() {
  const port = Number(process.env.PORT ?? 3000);
  return {
    port,
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: path.resolve(/*turbopackIgnore: true*/ process.env.HEARTBRIDGE_DATA_DIR ?? '.data'),
    publicUrl: (process.env.HEARTBRIDGE_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    adminEmail: process.env.HEARTBRIDGE_ADMIN_EMAIL || undefined,
    adminPassword: process.env.HEARTBRIDGE_ADMIN_PASSWORD || undefined,
    logLevel: process.env.LOG_LEVEL ?? 'info',
  };
}
