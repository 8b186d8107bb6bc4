import { getUserInfoRoute } from '@/lib/api/endpoints/users';
import { routeHandler } from '@/lib/api/route';

export const dynamic = 'force-dynamic';
export const GET = routeHandler(getUserInfoRoute);
