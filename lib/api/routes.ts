import { deleteDeauthenticateUser, postAuthenticateUser, postGenerateWidgetSession } from './endpoints/auth';
import { getIntegrations, getIntegrationsDetailed } from './endpoints/integrations';
import type { RouteDefinition } from './route';

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
  getIntegrations,
  getIntegrationsDetailed,
];
