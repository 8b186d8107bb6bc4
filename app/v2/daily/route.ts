import { getDaily } from '@/lib/api/endpoints/data';
import { routeHandler } from '@/lib/api/route';

export const dynamic = 'force-dynamic';
export const GET = routeHandler(getDaily);
