import { streamBody } from '@/lib/api/stream-body';
import { isHeartbridgeError } from '@/lib/errors';
import { log } from '@/lib/log';
import type { currentCtx } from './session';

type MemberCtx = NonNullable<Awaited<ReturnType<typeof currentCtx>>>;
/** A file to send: whole (`body`), or pulled a chunk at a time (`chunks`: a large export is never held whole). */
export type Download = { contentType: string; filename: string } & (
  | { body: BodyInit }
  | { chunks: AsyncIterable<string> }
);

const statusOf = { forbidden: 403, not_found: 404, unauthorized: 401 } as const;

/**
 * Every dashboard download runs through here with the session its route read: then the lib verb (which
 * checks the role and the account), served as a private attachment. Errors become a JSON message;
 * unknown ones are logged.
 */
export async function serveDownload(
  ctx: MemberCtx | null,
  what: string,
  make: (ctx: MemberCtx) => Promise<Download>,
): Promise<Response> {
  if (!ctx) return Response.json({ message: 'Your session has ended. Sign in again.' }, { status: 401 });
  try {
    const file = await make(ctx);
    const body =
      'chunks' in file
        ? streamBody(file.chunks, (error) => log.error({ err: error }, `${what} failed mid-stream`))
        : file.body;
    return new Response(body, {
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
    log.error({ err: error }, `${what} failed`);
    return Response.json({ message: 'Something went wrong on our side. The error has been logged.' }, { status: 500 });
  }
}
