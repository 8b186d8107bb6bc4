import { serveDownload } from '@/app/_server/download';
import { currentCtx } from '@/app/_server/session';
import { type DownloadFormat, payloadDownload } from '@/lib/payloads/payload-download';

/**
 * `GET /payloads/download/fhir|csv|samples.csv|fit?payloadId=…`: one of the account's payloads as a
 * FHIR Bundle, CSV or (activities) a FIT file, for the Payloads page and the user inspector.
 */
export async function GET(request: Request, { params }: { params: Promise<{ format: string }> }) {
  const { format } = await params;
  return serveDownload(await currentCtx(), 'payload download', async (ctx) => {
    const file = await payloadDownload({
      ctx,
      input: { payloadId: new URL(request.url).searchParams.get('payloadId') ?? '', format: format as DownloadFormat },
    });
    return { ...file, body: typeof file.body === 'string' ? file.body : Buffer.from(file.body) };
  });
}
