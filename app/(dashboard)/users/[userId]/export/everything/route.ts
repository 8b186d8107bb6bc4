import { serveDownload } from '@/app/_server/download';
import { currentCtx } from '@/app/_server/session';
import { exportUser } from '@/lib/data-rights/export-user';

/**
 * `GET /users/<user_id>/export/everything`: everything held about the user as one JSON download (the
 * document `heartbridge user export` writes). The session and the role are checked here and in the verb.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ userId: string }> }) {
  const { userId } = await params;
  return serveDownload(await currentCtx(), `data export of user ${userId}`, (ctx) =>
    exportUser({ ctx, input: { userId } }),
  );
}
