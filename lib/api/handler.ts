import { authenticateApiKey } from '../api-keys/authenticate-api-key';
import type { Ctx } from '../context';
import { database } from '../database';
import { Unauthorized } from '../errors';
import { errorResponse } from './respond';

type Handler = (ctx: Ctx, request: Request) => Promise<Response>;

/** Wraps a REST handler: authenticates `dev-id` + `x-api-key`, then maps errors to Terra's bodies. */
export function restHandler(handler: Handler): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      const { db } = await database();
      const ctx = await authenticateApiKey(
        db,
        request.headers.get('dev-id') ?? '',
        request.headers.get('x-api-key') ?? '',
      );
      if (!ctx) throw Unauthorized();
      return await handler(ctx, request);
    } catch (error) {
      return errorResponse(error, request);
    }
  };
}
