/** The one error family of lib/. Adapters (REST, actions, CLI) map each kind once. */
export class HeartbridgeError extends Error {
  constructor(
    readonly kind:
      | 'invalid'
      | 'not_found'
      | 'forbidden'
      | 'conflict'
      | 'unauthorized'
      | 'rate_limited'
      | 'too_large'
      | 'upstream',
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HeartbridgeError';
  }
}

export const Invalid = (message: string, details?: Record<string, unknown>) =>
  new HeartbridgeError('invalid', message, details);
export const NotFound = (message: string) => new HeartbridgeError('not_found', message);
export const Forbidden = (message: string) => new HeartbridgeError('forbidden', message);
export const Conflict = (message: string) => new HeartbridgeError('conflict', message);
export const Unauthorized = (message = 'unauthorized') => new HeartbridgeError('unauthorized', message);
export const TooLarge = (message: string) => new HeartbridgeError('too_large', message);
export const RateLimited = (message: string, retryAfterSeconds: number) =>
  new HeartbridgeError('rate_limited', message, { retryAfterSeconds });

export function isHeartbridgeError(error: unknown): error is HeartbridgeError {
  return error instanceof HeartbridgeError;
}
