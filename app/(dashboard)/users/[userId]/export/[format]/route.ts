import { serveDownload } from '@/app/_server/download';
import { currentCtx } from '@/app/_server/session';
import { streamBody } from '@/lib/api/stream-body';
import { exportUserData } from '@/lib/inspector/export-user-data';
import { log } from '@/lib/log';

/**
 * `GET /users/<user_id>/export/json|csv?from=YYYY-MM-DD&to=YYYY-MM-DD`: the user's data of the range as a
 * download. The session and the role are checked here and in the verb; the JSON is streamed.
 */
export async function GET(request: Request, { params }: { params: Promise<{ userId: string; format: string }> }) {
  const { userId, format } = await params;
  const query = new URL(request.url).searchParams;
  return serveDownload(await currentCtx(), 'user export', async (ctx) => {
    const exported = await exportUserData({
      ctx,
      input: {
        userId,
        format: format as 'json',
        from: query.get('from') || undefined,
        to: query.get('to') || undefined,
      },
    });
    const body = streamBody(exported.chunks, (error) =>
      log.error({ err: error, userId }, 'user export failed mid-stream'),
    );
    return { body, contentType: exported.contentType, filename: exported.filename };
  });
}
