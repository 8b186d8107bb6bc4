import { Invalid, isHeartbridgeError } from '../errors';
import { assertDestinationHostAllowed } from '../security/ssrf';

/** The SSRF guard's refusal of `host`, naming the field it came from (`url: Destination host "…" is private`). */
export async function assertFieldHostAllowed(field: string, host: string): Promise<void> {
  try {
    await assertDestinationHostAllowed(host);
  } catch (error) {
    if (!isHeartbridgeError(error)) throw error;
    throw Invalid(`${field}: ${error.message}`, { ...error.details, field });
  }
}
