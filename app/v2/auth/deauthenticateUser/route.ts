import { deleteDeauthenticateUser } from '@/lib/api/auth';

export const DELETE = deleteDeauthenticateUser;
