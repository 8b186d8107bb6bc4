import { getIntegrations } from '@/lib/api/endpoints/integrations';
import { routeHandler } from '@/lib/api/route';

export const dynamic = 'force-dynamic';
export const GET = routeHandler(getIntegrations);
