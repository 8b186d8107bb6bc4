import { currentCtx } from '@/app/_server/session';
import { isHeartbridgeError } from '@/lib/errors';
import { log } from '@/lib/log';
import { examplePayload } from '@/lib/payloads/example-payloads';
import { isPayloadType } from '@/lib/payloads/payload-types';
import { storedPayload } from '@/lib/payloads/stored-payload';

/**
 * `GET /payloads/download?type=daily` (the example) or `?payloadId=…` (one of the account's payloads):
 * the payload as a pretty-printed .json attachment, for the Copy and Download buttons.
 */
export async function GET(request: Request) {
  const ctx = await currentCtx();
  if (!ctx) return Response.json({ message: 'Your session has ended. Sign in again.' }, { status: 401 });
  const query = new URL(request.url).searchParams;
  try {
    const payloadId = query.get('payloadId');
    if (payloadId) {
      const stored = await storedPayload({ ctx, input: { payloadId } });
      const who = (stored.referenceId ?? stored.userId).replace(/[^\w.-]+/g, '_');
      return attachment(stored.payload, `${stored.type}-${who}-${stored.naturalKey.replace(/[^\w.-]+/g, '_')}.json`);
    }
    const type = query.get('type');
    if (!isPayloadType(type)) {
      return Response.json(
        { message: 'Choose a data type: activity, body, daily, sleep or athlete.' },
        { status: 400 },
      );
    }
    return attachment(examplePayload(type).payload, `cardiomood-example-${type}.json`);
  } catch (error) {
    if (isHeartbridgeError(error)) {
      return Response.json({ message: error.message }, { status: error.kind === 'not_found' ? 404 : 400 });
    }
    log.error({ err: error }, 'payload download failed');
    return Response.json({ message: 'Something went wrong on our side. The error has been logged.' }, { status: 500 });
  }
}

function attachment(payload: unknown, filename: string): Response {
  return new Response(`${JSON.stringify(payload, null, 2)}\n`, {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'private, no-store',
    },
  });
}
