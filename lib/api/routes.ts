import { deleteDeauthenticateUser, postAuthenticateUser, postGenerateWidgetSession } from './endpoints/auth';
import { getActivity, getAthlete, getBody, getDaily, getSleep } from './endpoints/data';
import { getIntegrations, getIntegrationsDetailed } from './endpoints/integrations';
import { openApiRoute } from './endpoints/openapi';
import { getSubscriptions, getUserInfoRoute, patchUser, postBulkUserInfo } from './endpoints/users';
import type { RouteDefinition } from './route';

/** `GET /v2/openapi.json` describes the registry below, itself included. */
export const getOpenApiDocument: RouteDefinition = openApiRoute(() => routes);

/**
 * Every endpoint Heartbridge serves under /v2, in API-reference order. The OpenAPI document, the API
 * reference page and the contract, fuzz and cross-account tests all iterate this list, so a route
 * registered here is documented and tested without further wiring. Each also needs its one-line
 * app/v2/<path>/route.ts (`export const GET = routeHandler(getX)`).
 */
export const routes: RouteDefinition[] = [
  postGenerateWidgetSession,
  postAuthenticateUser,
  deleteDeauthenticateUser,
  getUserInfoRoute,
  getSubscriptions,
  postBulkUserInfo,
  patchUser,
  getActivity,
  getBody,
  getDaily,
  getSleep,
  getAthlete,
  getIntegrations,
  getIntegrationsDetailed,
  getOpenApiDocument,
];
