/**
 * The address users reach Heartbridge at (as lib/config.ts reads it). Next.js refuses a server action
 * whose Origin is not the request's Host (or X-Forwarded-Host); a proxy that rewrites Host would
 * otherwise break every action, so the public URL's own host is allowed as well.
 */
function publicHost() {
  const url = process.env.HEARTBRIDGE_PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
  try {
    return [new URL(url).host];
  } catch {
    return [];
  }
}

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Loaded from node_modules at run time: PGlite ships WASM files, pg and pino use Node built-ins.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'pino'],
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: true }, // `npm run typecheck` is the one type gate
  experimental: { serverActions: { allowedOrigins: publicHost() } },
};

export default nextConfig;
