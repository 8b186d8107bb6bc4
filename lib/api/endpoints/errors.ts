import type { RouteResponse } from '../route';

/** Terra's legacy error body for every status but 401: `{"status":"error","message":…}`. */
export const errorBody = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['error'], description: 'indicates that an error happened (value is error)' },
    message: { type: 'string', description: 'a detailed message describing the error' },
  },
  required: ['status', 'message'],
};

export const errorResponse = (description: string): RouteResponse => ({ description, schema: errorBody });

export const badRequest = errorResponse('A parameter is malformed, missing or out of range; the message names it.');
export const userNotFound = errorResponse('No user with this user_id in your account.');
