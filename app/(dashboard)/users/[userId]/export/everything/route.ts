import { serveDownload } from '@/app/_server/download';
import { currentCtx } from '@/app/_server/session';
import { streamBody } from '@/lib/api/stream-body';
import { exportUser } from '@/lib/data-rights/export-user';
import { log } from '@/lib/log';

/**
 * `GET /users/<user_id>/export/everything`: everything held about the user as one JSON download (the
 * document `heartbridge user export` writes). The session and the role are checked here and in the verb.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ userId: string }> }) {
  const { userId } = await params;
  return serveDownload(await currentCtx(), 'user data export', async (ctx) => {
    const exported = await exportUser({ ctx, input: { userId } });
    const body = streamBody(exported.chunks, (error) => log.error({ err: error, userId }, 'user data export failed'));
    return { body, contentType: exported.contentType, filename: exported.filename };
  });
}
