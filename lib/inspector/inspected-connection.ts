import { z } from 'zod';
import type { Ctx } from '../context';
import { getConnectionInAccount } from '../connections/connection-in-account';
import { isHeartbridgeError, NotFound } from '../errors';

export const noSuchUser = 'No such user in this account.';

/** A user id as a URL carries it: anything up to 100 characters; an unknown or malformed one is simply not found. */
export const UserId = z
  .string({ message: noSuchUser })
  .trim()
  .min(1, { message: noSuchUser })
  .max(100, { message: noSuchUser });

/** The account's connection for `userId`; an unknown, malformed or other account's id is one and the same NotFound. */
export async function inspectedConnection(ctx: Ctx, userId: string) {
  try {
    return await getConnectionInAccount(ctx, userId);
  } catch (error) {
    if (isHeartbridgeError(error) && error.kind === 'not_found') throw NotFound(noSuchUser);
    throw error;
  }
}
