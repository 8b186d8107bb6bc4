import { z } from 'zod';
import { bulkUserInfo, getUserInfo } from '../../connections/user-info';
import { listUsers, maxPerPage } from '../../connections/list-users';
import { modifyUser } from '../../connections/modify-user';
import { QueryInteger, UserId } from '../params';
import { json } from '../respond';
import { defineRoute } from '../route';
import { badRequest, userNotFound } from './errors';

const terraUser = { $ref: '#/components/schemas/TerraUser' };
const userList = { type: 'array', items: terraUser };
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const getUserInfoRoute = defineRoute({
  method: 'GET',
  path: '/v2/userInfo',
  operationId: 'User_GetInfoForUserID',
  summary: 'Get one user by user_id, or every user with a reference_id',
  description: 'When both are given, user_id wins. An unknown reference_id answers an empty list.',
  tag: 'User',
  query: z.object({
    user_id: UserId().optional(),
    reference_id: z.string().max(200, { message: 'reference_id is at most 200 characters.' }).optional(),
  }),
  responses: {
    200: {
      description: 'The user (by user_id) or the list of users (by reference_id)',
      schema: {
        oneOf: [
          {
            type: 'object',
            properties: {
              status: { type: 'string', enum: ['success'] },
              user: {
                allOf: [
                  terraUser,
                  {
                    type: 'object',
                    properties: {
                      last_polled_at: { type: ['string', 'null'], format: 'date-time' },
                      most_recent_data_at: { type: ['string', 'null'], format: 'date-time' },
                    },
                    required: ['last_polled_at', 'most_recent_data_at'],
                  },
                ],
              },
              is_authenticated: { type: 'boolean' },
            },
            required: ['status', 'user', 'is_authenticated'],
          },
          userList,
        ],
      },
    },
    400: badRequest,
    404: userNotFound,
  },
  example: { query: { user_id: '$USER_ID' } },
  handle: async ({ ctx, query }) =>
    json(await getUserInfo({ ctx, input: { userId: query.user_id, referenceId: query.reference_id } })),
});

export const getSubscriptions = defineRoute({
  method: 'GET',
  path: '/v2/subscriptions',
  operationId: 'User_GetAllUserIDs',
  summary: 'List every user of your account, all at once or a page at a time',
  description: `Without \`page\` every user comes in one answer. \`per_page\` defaults to 500 and is at most ${maxPerPage}.`,
  tag: 'User',
  query: z.object({
    page: QueryInteger('page', 0, 1_000_000).optional().describe('Zero-based page; omit for every user at once'),
    per_page: QueryInteger('per_page', 1, maxPerPage).optional().describe('Users per page (default 500)'),
  }),
  responses: {
    200: {
      description: '`{users}` without page, `{data: {next, max_page, results}}` with it',
      schema: {
        oneOf: [
          { type: 'object', properties: { users: userList }, required: ['users'] },
          {
            type: 'object',
            properties: {
              data: {
                type: 'object',
                properties: {
                  next: { type: ['integer', 'null'] },
                  max_page: { type: 'integer' },
                  results: userList,
                },
                required: ['next', 'max_page', 'results'],
              },
            },
            required: ['data'],
          },
        ],
      },
    },
    400: badRequest,
  },
  example: { query: { page: '0', per_page: '100' } },
  handle: async ({ ctx, query }) =>
    json(await listUsers({ ctx, input: { page: query.page, perPage: query.per_page } })),
});

export const postBulkUserInfo = defineRoute({
  method: 'POST',
  path: '/v2/bulkUserInfo',
  operationId: 'User_GetInfoForMultipleUserIDs',
  summary: 'Get several users by user_id',
  description: 'At most 1000 ids. Ids that are not users of your account are left out of the answer.',
  tag: 'User',
  body: z
    .array(z.string({ message: 'must be a user id.' }).regex(uuid, { message: 'must be a Terra user id (a UUID).' }), {
      message: 'the body must be a JSON array of user ids.',
    })
    .max(1000, { message: 'at most 1000 user ids at once.' }),
  responses: {
    200: { description: 'The users found, in the order asked', schema: userList },
    400: badRequest,
  },
  example: { body: ['$USER_ID'] },
  handle: async ({ ctx, body }) => json(await bulkUserInfo({ ctx, input: { userIds: body } })),
});

export const patchUser = defineRoute({
  method: 'PATCH',
  path: '/v2/users/{user_id}',
  operationId: 'User_ModifyUser',
  summary: "Change a user's reference_id, or stop (active: false) and resume (true) polling",
  tag: 'User',
  params: z.object({ user_id: UserId() }),
  body: z.object(
    {
      reference_id: z.string().max(200, { message: 'reference_id is at most 200 characters.' }).optional(),
      active: z.boolean().optional(),
    },
    { message: 'the body must be a JSON object.' },
  ),
  responses: {
    200: {
      description: 'The user after the change',
      schema: {
        type: 'object',
        properties: { status: { type: 'string', enum: ['success'] }, user: terraUser },
        required: ['status', 'user'],
      },
    },
    400: badRequest,
    404: userNotFound,
  },
  example: { params: { user_id: '$USER_ID' }, body: { reference_id: 'customer-42', active: true } },
  handle: async ({ ctx, body, params }) =>
    json(await modifyUser({ ctx, input: { userId: params.user_id ?? '', ...body } })),
});
