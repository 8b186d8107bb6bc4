import { currentCtx } from '@/app/_server/session';
import { isHeartbridgeError } from '@/lib/errors';
import { exportUserData } from '@/lib/inspector/export-user-data';
import { log } from '@/lib/log';

const statusOf = { forbidden: 403, not_found: 404, unauthorized: 401 } as const;

/**
 * `GET /users/<user_id>/export/json|csv?from=YYYY-MM-DD&to=YYYY-MM-DD`: the user's data of the range as a
 * download. The session and the role are checked here and in the verb; the JSON is streamed.
 */
export async function GET(request: Request, { params }: { params: Promise<{ userId: string; format: string }> }) {
  const ctx = await currentCtx();
  if (!ctx) return Response.json({ message: 'Your session has ended. Sign in again.' }, { status: 401 });
  const { userId, format } = await params;
  const query = new URL(request.url).searchParams;
  try {
    const exported = await exportUserData({
      ctx,
      input: {
        userId,
        format: format as 'json',
        from: query.get('from') || undefined,
        to: query.get('to') || undefined,
      },
    });
    const chunks = exported.chunks[Symbol.asyncIterator]();
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        } catch (error) {
          log.error({ err: error, userId }, 'user export failed mid-stream');
          controller.error(error);
        }
      },
      async cancel() {
        await chunks.return?.();
      },
    });
    return new Response(body, {
      headers: {
        'content-type': exported.contentType,
        'content-disposition': `attachment; filename="${exported.filename}"`,
        'cache-control': 'private, no-store',
      },
    });
  } catch (error) {
    if (isHeartbridgeError(error)) {
      const status = statusOf[error.kind as keyof typeof statusOf] ?? 400;
      return Response.json({ message: error.message }, { status });
    }
    log.error({ err: error }, 'user export failed');
    return Response.json({ message: 'Something went wrong on our side. The error has been logged.' }, { status: 500 });
  }
}
