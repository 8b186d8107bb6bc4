import { AthleteQuery, type DataFormat, DataQuery } from '../../data-requests/data-query';
import type { DataType } from '../../data-requests/read-payloads';
import { requestAthlete } from '../../data-requests/request-athlete';
import { type DataAnswer, largeMessage, requestData } from '../../data-requests/request-data';
import { rateLimitHeaders, UserRateLimited } from '../../data-requests/user-rate-limit';
import { queryParams } from '../request-body';
import { json } from '../respond';
import { defineRoute, type RouteResponse } from '../route';
import { Invalid } from '../../errors';
import { formattedAnswer, mediaTypes } from './data-formats';
import { badRequest, errorBody, errorResponse, userNotFound } from './errors';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const integer = { schema: { type: 'integer' } };
const usageHeaders = {
  'X-Terra-RateLimit-Limit': { description: 'Days of data one user may request per rolling hour (r2)', ...integer },
  'X-Terra-RateLimit-Remaining': { description: 'Days left in the current hour for this user', ...integer },
  'X-Terra-RateLimit-Reset-After': {
    description: 'Seconds until the oldest counted request leaves the hour',
    ...integer,
  },
};
const webhookAnswer = {
  allOf: [ref('DataSentToWebhook')],
  type: 'object',
  properties: { status: { type: 'string', enum: ['success'] } },
};

const tooManyRequests: RouteResponse = {
  description:
    "Terra's per-user limits: r1, one request over more than 1,825 days; r2, more than 6,000 days requested for one user in a rolling hour",
  schema: {
    ...errorBody,
    properties: { ...errorBody.properties, detail: { type: 'string', enum: ['rate limit exceeded'] } },
  },
  headers: {
    'X-Terra-RateLimit-Rule': { description: 'r1 or r2', schema: { type: 'string', enum: ['r1', 'r2'] } },
    'Retry-After': { description: 'Seconds until the request fits in the hour (r2 only)', ...integer },
    ...usageHeaders,
  },
};

/** The 429 of r1/r2, with Terra's headers; every other error goes to the route's mapping. */
async function withUserLimits(answer: () => Promise<Response>): Promise<Response> {
  try {
    return await answer();
  } catch (error) {
    if (!(error instanceof UserRateLimited)) throw error;
    return json({ status: 'error', message: error.message, detail: 'rate limit exceeded' }, 429, {
      ...rateLimitHeaders(error.usage),
      'x-terra-ratelimit-rule': error.rule,
      ...(error.retryAfterSeconds ? { 'retry-after': String(error.retryAfterSeconds) } : {}),
    });
  }
}

/** An inline answer is assembled from the stored JSON text, without parsing it again (Terra JSON). */
function dataResponse(answer: DataAnswer, format: DataFormat, withSamples: boolean): Response {
  const headers = rateLimitHeaders(answer.usage);
  switch (answer.kind) {
    case 'inline': {
      if (format !== 'json') return formattedAnswer(answer, format, withSamples, headers);
      const body = `{"user":${JSON.stringify(answer.user)},"data":[${answer.payloads.join(',')}],"type":"${answer.type}"}`;
      return new Response(body, { status: 200, headers: { 'content-type': 'application/json', ...headers } });
    }
    case 'no_data':
      return json(
        {
          status: 'error',
          type: 'no_data',
          message: 'No data available for specified time range',
          user: answer.user,
          data: [],
        },
        200,
        headers,
      );
    case 'processing':
      return json(
        {
          type: 'processing',
          message: 'Request is being processed',
          retry_after_seconds: answer.retryAfterSeconds,
          user: answer.user,
        },
        200,
        headers,
      );
    case 'webhook':
      return json(
        {
          status: 'success',
          type: 'webhook',
          reference: answer.reference,
          message: 'Data will be sent to webhook',
          user: answer.user,
        },
        200,
        headers,
      );
    case 'large':
      return json(
        {
          type: 'large_request_processing',
          status: 'processing',
          message: largeMessage,
          reference: answer.reference,
          user: answer.user,
        },
        200,
        headers,
      );
  }
}

/** The bodies of `format=fhir|csv|fit` (a Heartbridge extension), for the API reference. */
function formatMedia(type: DataType) {
  return {
    [mediaTypes.fhir]: {
      schema: { type: 'object', description: 'format=fhir: a FHIR R4 Bundle of type collection (docs/formats.md)' },
    },
    'text/csv': {
      schema: { type: 'string', description: 'format=csv: one row per payload, or per sample with with_samples=true' },
    },
    ...(type === 'activity'
      ? {
          [mediaTypes.fit]: {
            schema: {
              type: 'string',
              contentMediaType: mediaTypes.fit,
              description: 'format=fit: the FIT activity file',
            },
          },
        }
      : {}),
  };
}

const models: Record<DataType, string> = { activity: 'Activity', body: 'Body', daily: 'Daily', sleep: 'Sleep' };
const summaries: Record<DataType, string> = {
  activity: 'Activity sessions (workouts and detected bouts) of a user in a date range',
  body: 'Body metrics (heart, temperature, oxygen) of a user, one payload a day',
  daily: 'Daily summaries (steps, calories, heart rate, scores) of a user, one payload a day',
  sleep: 'Sleep sessions of a user, by the day each night ends',
};

function dataRoute(type: DataType) {
  const name = models[type];
  return defineRoute({
    method: 'GET',
    path: `/v2/${type}`,
    operationId: `${name}_Fetch`,
    summary: summaries[type],
    description:
      'Days never synced are fetched from CardioMood first, within the shared rate budget; an inline request that cannot ' +
      'finish within 20 s answers `processing` and the fetch goes on in the background. With `to_webhook` (the default) the ' +
      'answer carries a `reference` and the data follows as events with that `terra-reference`; a range over more than one ' +
      'calendar month answers `large_request_processing`, then sends `large_request_sending` and chunks of at most 10 ' +
      'payloads or 10 MB. Date bounds match each payload’s local day; unix timestamps match its start time. ' +
      'Heartbridge extension: `format=fhir|csv` (and `fit` on /activity, for a range holding one activity) answers ' +
      'inline in that format; status answers (no_data, processing) stay Terra JSON. See docs/formats.md.',
    tag: name,
    query: DataQuery,
    responses: {
      200: {
        description: 'The data, the no-data answer, or the acknowledgement of a request sent to your destinations',
        schema: {
          anyOf: [
            {
              type: 'object',
              properties: {
                user: ref('TerraUser'),
                data: { type: 'array', items: ref(name) },
                type: { type: 'string' },
              },
              required: ['user', 'data', 'type'],
            },
            ref('NoDataReturned'),
            webhookAnswer,
            ref('RequestProcessing'),
            ref('LargeRequestProcessingEvent'),
          ],
        },
        headers: usageHeaders,
        media: formatMedia(type),
      },
      400: badRequest,
      404: userNotFound,
      413: errorResponse('The inline answer would be larger than 10 MB: ask with to_webhook=true'),
      429: tooManyRequests,
    },
    example: { query: { user_id: '$USER_ID', start_date: '2026-03-01', end_date: '2026-03-03', to_webhook: 'false' } },
    handle: ({ ctx, request, query }) =>
      withUserLimits(async () => {
        const format = query.format ?? 'json';
        if (format === 'fit' && type !== 'activity')
          throw Invalid('format: fit is a file of one activity: ask GET /v2/activity.', { field: 'format' });
        const input = queryParams(request);
        // A FIT file is its records: an activity's samples come with it unless with_samples=false says otherwise.
        if (format === 'fit') input.with_samples ??= 'true';
        const answer = await requestData({ ctx, input, type });
        return dataResponse(answer, format, input.with_samples === 'true' || input.with_samples === '1');
      }),
  });
}

export const getActivity = dataRoute('activity');
export const getBody = dataRoute('body');
export const getDaily = dataRoute('daily');
export const getSleep = dataRoute('sleep');

export const getAthlete = defineRoute({
  method: 'GET',
  path: '/v2/athlete',
  operationId: 'Athlete_Fetch',
  summary: 'The profile of a user',
  description:
    'CardioMood publishes no profile endpoint: the athlete carries the CardioMood user id (`provider_user_id`) and ' +
    'nothing else. Counts as one day against the r2 limit.',
  tag: 'Athlete',
  query: AthleteQuery,
  responses: {
    200: {
      description: 'The athlete, or the acknowledgement of a request sent to your destinations',
      schema: { anyOf: [ref('AthleteCollection'), webhookAnswer] },
      headers: usageHeaders,
    },
    400: badRequest,
    404: userNotFound,
    429: tooManyRequests,
  },
  example: { query: { user_id: '$USER_ID', to_webhook: 'false' } },
  handle: ({ ctx, request }) =>
    withUserLimits(async () => {
      const answer = await requestAthlete({ ctx, input: queryParams(request) });
      const headers = rateLimitHeaders(answer.usage);
      if (answer.kind === 'inline')
        return json({ athlete: answer.athlete, type: 'athlete', user: answer.user }, 200, headers);
      const body = {
        status: 'success',
        type: 'webhook',
        reference: answer.reference,
        message: 'Data will be sent to webhook',
      };
      return json({ ...body, user: answer.user }, 200, headers);
    }),
});
