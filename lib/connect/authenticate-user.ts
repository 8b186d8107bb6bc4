import { z } from 'zod';
import { authorize } from '../auth/roles';
import type { Ctx } from '../context';
import { Invalid } from '../errors';
import { parseInput } from '../validation';
import { findCardiomood } from '../integrations/get-integration';
import { assertRedirectAllowed, RedirectUrl } from './redirect-urls';
import { startAuthorization } from './start-authorization';

const Input = z.object({
  resource: z.string({ message: 'resource is required.' }).min(1, { message: 'resource is required.' }),
  reference_id: z.string().max(200).optional(),
  language: z.string().max(20).optional(),
  auth_success_redirect_url: RedirectUrl('auth_success_redirect_url').optional(),
  auth_failure_redirect_url: RedirectUrl('auth_failure_redirect_url').optional(),
});

/** `POST /v2/auth/authenticateUser?resource=CARDIOMOOD`: a direct link to CardioMood's consent page. */
export async function authenticateUser({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'connections.operate');
  const params = parseInput(Input, input);
  if (params.resource.toUpperCase() !== 'CARDIOMOOD') {
    throw Invalid(`resource: ${params.resource} is not a provider this Heartbridge serves.`);
  }
  const appSchemes = (await findCardiomood(ctx))?.appSchemes ?? [];
  assertRedirectAllowed('auth_success_redirect_url', params.auth_success_redirect_url, appSchemes);
  assertRedirectAllowed('auth_failure_redirect_url', params.auth_failure_redirect_url, appSchemes);
  const { userId, authUrl } = await startAuthorization(ctx, {
    referenceId: params.reference_id,
    successUrl: params.auth_success_redirect_url,
    failureUrl: params.auth_failure_redirect_url,
  });
  return { status: 'success' as const, user_id: userId, auth_url: authUrl };
}
