import { currentCtx } from '@/app/_server/session';
import { isHeartbridgeError } from '@/lib/errors';
import { log } from '@/lib/log';
import { type DownloadFormat, payloadDownload } from '@/lib/payloads/payload-download';

const statusOf = { forbidden: 403, not_found: 404, unauthorized: 401 } as const;

/**
 * `GET /payloads/download/fhir|csv|samples.csv|fit?payloadId=…`: one of the account's payloads as a
 * FHIR Bundle, CSV or (activities) a FIT file, for the Payloads page and the user inspector.
 */
export async function GET(request: Request, { params }: { params: Promise<{ format: string }> }) {
  const ctx = await currentCtx();
  if (!ctx) return Response.json({ message: 'Your session has ended. Sign in again.' }, { status: 401 });
  const { format } = await params;
  try {
    const file = await payloadDownload({
      ctx,
      input: { payloadId: new URL(request.url).searchParams.get('payloadId') ?? '', format: format as DownloadFormat },
    });
    return new Response(typeof file.body === 'string' ? file.body : Buffer.from(file.body), {
      headers: {
        'content-type': file.contentType,
        'content-disposition': `attachment; filename="${file.filename}"`,
        'cache-control': 'private, no-store',
      },
    });
  } catch (error) {
    if (isHeartbridgeError(error)) {
      const status = statusOf[error.kind as keyof typeof statusOf] ?? 400;
      return Response.json({ message: error.message }, { status });
    }
    log.error({ err: error }, 'payload download failed');
    return Response.json({ message: 'Something went wrong on our side. The error has been logged.' }, { status: 500 });
  }
}
