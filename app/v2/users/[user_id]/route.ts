import { patchUser } from '@/lib/api/endpoints/users';
import { routeHandler } from '@/lib/api/route';

export const dynamic = 'force-dynamic';
export const PATCH = routeHandler(patchUser);
