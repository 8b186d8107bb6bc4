import { deleteDeauthenticateUser } from '@/lib/api/endpoints/auth';
import { routeHandler } from '@/lib/api/route';

export const DELETE = routeHandler(deleteDeauthenticateUser);
