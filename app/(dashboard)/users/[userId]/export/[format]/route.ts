import { serveDownload } from '@/app/_server/download';
import { currentCtx } from '@/app/_server/session';
import { exportUserData } from '@/lib/inspector/export-user-data';

/**
 * `GET /users/<user_id>/export/json|csv?from=YYYY-MM-DD&to=YYYY-MM-DD`: the user's data of the range as a
 * download. The session and the role are checked here and in the verb; the JSON is streamed.
 */
export async function GET(request: Request, { params }: { params: Promise<{ userId: string; format: string }> }) {
  const { userId, format } = await params;
  const query = new URL(request.url).searchParams;
  return serveDownload(await currentCtx(), `export of user ${userId}`, (ctx) =>
    exportUserData({
      ctx,
      input: {
        userId,
        format: format as 'json',
        from: query.get('from') || undefined,
        to: query.get('to') || undefined,
      },
    }),
  );
}
