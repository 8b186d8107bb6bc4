import { postAuthenticateUser } from '@/lib/api/auth';

export const POST = postAuthenticateUser;
