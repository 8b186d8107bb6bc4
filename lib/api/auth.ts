import { authenticateUser } from '../connect/authenticate-user';
import { generateWidgetSession } from '../connect/generate-widget-session';
import { deauthenticateUser } from '../connections/deauthenticate-user';
import { Invalid } from '../errors';
import { restHandler } from './handler';
import { jsonBody, queryParams } from './request-body';
import { json } from './respond';

const object = (body: unknown) => {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw Invalid('The request body must be a JSON object.');
  return body as Record<string, unknown>;
};

/** `POST /v2/auth/generateWidgetSession` */
export const postGenerateWidgetSession = restHandler(async (ctx, request) =>
  json(await generateWidgetSession({ ctx, input: object(await jsonBody(request)) as never })),
);

/** `POST /v2/auth/authenticateUser?resource=CARDIOMOOD` */
export const postAuthenticateUser = restHandler(async (ctx, request) => {
  const body = object(await jsonBody(request));
  return json(await authenticateUser({ ctx, input: { ...body, resource: queryParams(request).resource } as never }));
});

/** `DELETE /v2/auth/deauthenticateUser?user_id=` */
export const deleteDeauthenticateUser = restHandler(async (ctx, request) =>
  json(await deauthenticateUser({ ctx, input: { userId: queryParams(request).user_id ?? '' } })),
);
