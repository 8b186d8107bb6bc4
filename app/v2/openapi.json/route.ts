import { routeHandler } from '@/lib/api/route';
import { getOpenApiDocument } from '@/lib/api/routes';

export const dynamic = 'force-dynamic';
export const GET = routeHandler(getOpenApiDocument);
