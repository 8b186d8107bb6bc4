import { z } from 'zod';
import { authenticateUser } from '../../connect/authenticate-user';
import { generateWidgetSession } from '../../connect/generate-widget-session';
import { deauthenticateUser } from '../../connections/deauthenticate-user';
import { UserId } from '../params';
import { json } from '../respond';
import { defineRoute } from '../route';
import { badRequest, userNotFound } from './errors';

const optionalText = z.string().optional();

const WidgetSessionParams = z.object({
  providers: optionalText.describe('Comma separated providers to offer (CARDIOMOOD)'),
  language: optionalText,
  reference_id: optionalText.describe('Your identifier for this end user'),
  auth_success_redirect_url: optionalText,
  auth_failure_redirect_url: optionalText,
});

export const postGenerateWidgetSession = defineRoute({
  method: 'POST',
  path: '/v2/auth/generateWidgetSession',
  operationId: 'Authentication_GenerateWidgetSession',
  summary: 'Generate a link to the hosted connect widget',
  tag: 'Authentication',
  body: WidgetSessionParams,
  responses: {
    200: {
      description: 'A widget session, valid for expires_in seconds',
      schema: {
        type: 'object',
        properties: {
          session_id: { type: 'string' },
          url: { type: 'string' },
          status: { type: 'string', enum: ['success'] },
          expires_in: { type: 'number' },
        },
        required: ['session_id', 'url', 'status', 'expires_in'],
      },
    },
    400: badRequest,
  },
  example: { body: { reference_id: 'customer-42', auth_success_redirect_url: 'https://example.com/connected' } },
  handle: async ({ ctx, body }) => json(await generateWidgetSession({ ctx, input: body })),
});

export const postAuthenticateUser = defineRoute({
  method: 'POST',
  path: '/v2/auth/authenticateUser',
  operationId: 'Authentication_AuthenticateUser',
  summary: "Generate a direct link to the provider's consent page",
  tag: 'Authentication',
  query: z.object({ resource: z.string({ message: 'resource is required.' }).describe('CARDIOMOOD') }),
  body: WidgetSessionParams.omit({ providers: true }),
  responses: {
    200: {
      description: 'A new user_id and the URL to send the end user to',
      schema: {
        type: 'object',
        properties: {
          status: { type: 'string', enum: ['success'] },
          user_id: { type: 'string' },
          auth_url: { type: 'string' },
        },
        required: ['status', 'user_id', 'auth_url'],
      },
    },
    400: badRequest,
  },
  example: { query: { resource: 'CARDIOMOOD' }, body: { reference_id: 'customer-42' } },
  handle: async ({ ctx, query, body }) =>
    json(await authenticateUser({ ctx, input: { ...body, resource: query.resource } })),
});

export const deleteDeauthenticateUser = defineRoute({
  method: 'DELETE',
  path: '/v2/auth/deauthenticateUser',
  operationId: 'Authentication_DeauthenticateUser',
  summary: 'Disconnect a user and delete the data held for them',
  tag: 'Authentication',
  query: z.object({ user_id: UserId() }),
  responses: {
    200: {
      description: 'The user is disconnected; a deauth event is sent',
      schema: { type: 'object', properties: { status: { type: 'string', enum: ['success'] } }, required: ['status'] },
    },
    400: badRequest,
    404: userNotFound,
  },
  example: { query: { user_id: '$USER_ID' } },
  handle: async ({ ctx, query }) => json(await deauthenticateUser({ ctx, input: { userId: query.user_id } })),
});
