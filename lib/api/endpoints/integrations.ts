import { z } from 'zod';
import { enabledProviders } from '../../connect/generate-widget-session';
import { providers } from '../../providers';
import { QueryBoolean } from '../params';
import { json } from '../respond';
import { defineRoute } from '../route';
import { badRequest } from './errors';

export const getIntegrations = defineRoute({
  method: 'GET',
  path: '/v2/integrations',
  operationId: 'Integrations_Fetch',
  summary: 'List the providers this Heartbridge serves',
  description:
    'Terra serves this without credentials; Heartbridge asks for dev-id and x-api-key like every other call.',
  tag: 'Integrations',
  responses: {
    200: {
      description: 'Provider names, in the legacy and current field names',
      schema: {
        type: 'object',
        properties: {
          status: { type: 'string', enum: ['success'] },
          providers: { type: 'array', items: { type: 'string' } },
          sdk_resource: { type: 'array', items: { type: 'string' } },
          sdk_providers: { type: 'array', items: { type: 'string' } },
        },
        required: ['status', 'providers', 'sdk_resource'],
      },
    },
  },
  example: {},
  handle: async () =>
    json({ status: 'success', providers: providers.map((p) => p.resource), sdk_resource: [], sdk_providers: [] }),
});

/** What CardioMood's data becomes: Terra's types it fills. */
const dataTypes = { activity: true, body: true, daily: true, sleep: true, nutrition: false, menstruation: false };

export const getIntegrationsDetailed = defineRoute({
  method: 'GET',
  path: '/v2/integrations/detailed',
  operationId: 'Integrations_DetailedFetch',
  summary: 'List the providers with the data types each fills and whether your account enabled it',
  description:
    'Heartbridge has no SDK-only providers, so `sdk=true` changes nothing; `setup` is CUSTOM (your own client credentials).',
  tag: 'Integrations',
  query: z.object({ sdk: QueryBoolean('sdk').optional().describe('Include SDK integrations (there are none)') }),
  responses: {
    200: {
      description: 'Every provider with its details',
      schema: { $ref: '#/components/schemas/IntegrationsResponse' },
    },
    400: badRequest,
  },
  example: {},
  handle: async ({ ctx }) => {
    const enabled = await enabledProviders(ctx);
    return json({
      status: 'success',
      providers: providers.map((p) => ({
        provider: p.resource,
        name: p.name,
        setup: 'CUSTOM',
        enabled: enabled.includes(p.resource),
        types: dataTypes,
      })),
    });
  },
});
