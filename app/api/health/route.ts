import { checkHealth } from '@/lib/health/check-health';

export const dynamic = 'force-dynamic';

export async function GET() {
  const health = await checkHealth();
  return Response.json({ status: health.ok ? 'ok' : 'unavailable', ...health }, { status: health.ok ? 200 : 503 });
}
