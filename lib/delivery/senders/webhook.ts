import { destinationUrl } from '../../destinations/destination-url';
import { withUrlCredentials } from '../../destinations/webhook-credentials';
import { isHeartbridgeError } from '../../errors';
import { assertDestinationHostAllowed } from '../../security/ssrf';
import { sendWebhook } from '../send-webhook';
import type { Sender } from './sender';

/** Webhooks and the built-in inbox: an HTTP POST of the event JSON with the signature headers. */
export const webhookSender: Sender = {
  async send({ destination, secrets, body, headers }) {
    const url = withUrlCredentials(destinationUrl(destination), secrets);
    const trusted = destination.kind === 'inbox';
    if (!trusted) {
      try {
        await assertDestinationHostAllowed(url); // again at send time: the guarded lookup cannot see IP literals
      } catch (error) {
        if (!isHeartbridgeError(error)) throw error;
        return { statusCode: null, excerpt: null, retryAfter: null, error: error.message, durationMs: 0 };
      }
    }
    return sendWebhook(url, body, headers, { timeoutMs: destination.timeoutSeconds * 1000, trusted });
  },
};
