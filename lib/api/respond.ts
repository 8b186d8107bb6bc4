import { type HeartbridgeError, isHeartbridgeError } from '../errors';
import { log } from '../log';

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** Terra's legacy error bodies: 401 `{message}`, every other error `{status: "error", message}`. */
export function terraError(error: HeartbridgeError): Response {
  switch (error.kind) {
    case 'unauthorized':
      return json({ message: 'unauthorized' }, 401);
    case 'invalid':
      return json({ status: 'error', message: error.message }, 400);
    case 'not_found':
      return json({ status: 'error', message: error.message }, 404);
    case 'forbidden':
      return json({ status: 'error', message: error.message }, 403);
    case 'conflict':
      return json({ status: 'error', message: error.message }, 409);
    case 'rate_limited': {
      const retryAfter = String(error.details?.retryAfterSeconds ?? 60);
      return json({ status: 'error', message: error.message }, 429, { 'retry-after': retryAfter });
    }
    case 'too_large':
      return json({ status: 'error', message: error.message }, 413);
    case 'upstream':
      return json({ status: 'error', message: error.message }, 502);
  }
}

/** Maps any thrown value to a Terra error response; unknown errors are logged and never shown. */
export function errorResponse(error: unknown, request: Request): Response {
  if (isHeartbridgeError(error)) return terraError(error);
  log.error({ err: error, url: request.url }, 'unhandled error in REST handler');
  return json({ status: 'error', message: 'Internal error' }, 500);
}
