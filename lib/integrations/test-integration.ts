import { authorize } from '../auth/roles';
import type { Ctx } from '../context';
import { exchangeCode, TokenRefused } from '../providers/cardiomood/oauth';
import { decrypt } from '../security/encryption';
import { findCardiomood } from './get-integration';
import { cardiomoodRedirectUri } from './redirect-uri';

/**
 * Checks the saved client id and secret against CardioMood's token endpoint with a code that
 * cannot be valid: "invalid_grant" means the client was accepted, "invalid_client" that it was not.
 */
export async function testCardiomoodIntegration({ ctx }: { ctx: Ctx }): Promise<{ ok: boolean; message: string }> {
  authorize(ctx, 'integrations.manage');
  const row = await findCardiomood(ctx);
  if (!row?.clientId || !row.clientSecret) return { ok: false, message: 'Save a client id and secret first.' };
  const app = { clientId: row.clientId, clientSecret: decrypt(row.clientSecret), authBaseUrl: row.authBaseUrl };
  try {
    await exchangeCode(app, 'heartbridge-connection-test', cardiomoodRedirectUri());
    return { ok: true, message: 'CardioMood accepted the client credentials.' };
  } catch (error) {
    if (!(error instanceof TokenRefused)) throw error;
    switch (error.reason) {
      case 'invalid_grant':
        return { ok: true, message: 'CardioMood accepted the client credentials.' };
      case 'invalid_client':
        return { ok: false, message: 'CardioMood refused the client id or secret.' };
      case 'rate_limited':
        return { ok: false, message: 'CardioMood is rate-limiting this client app; try again in a minute.' };
      default:
        return { ok: false, message: `CardioMood could not be reached at ${row.authBaseUrl}: ${error.message}` };
    }
  }
}
