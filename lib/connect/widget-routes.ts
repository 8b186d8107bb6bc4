import type { DatabaseSource } from '../api/route';
import { database } from '../database';
import { log } from '../log';
import type { Outcome } from './complete-authorization';
import { outcomeResponse } from './outcome-response';
import { connectFromWidget, widgetCallback } from './widget';

const processDatabase: DatabaseSource = async () => (await database()).db;

/** Runs a connect step; an unexpected failure is logged and answered with a page, never its cause. */
async function answer(request: Request, step: () => Promise<Outcome>): Promise<Response> {
  try {
    return outcomeResponse(await step());
  } catch (error) {
    log.error({ err: error, path: new URL(request.url).pathname }, 'connect step failed');
    const message = 'Heartbridge could not finish connecting your device. Go back to the app and try again.';
    return outcomeResponse({ page: { ok: false, title: 'Something went wrong', message } }, 500);
  }
}

/** `GET /widget/callback/cardiomood`: CardioMood's redirect back, answered with the connect outcome. */
export function widgetCallbackRoute(openDb: DatabaseSource = processDatabase) {
  return async (request: Request): Promise<Response> =>
    answer(request, async () => widgetCallback(new URL(request.url).searchParams, await openDb()));
}

/** `GET /widget/session/{id}/connect?provider=…`: the end user chose a provider on the connect page. */
export function widgetConnectRoute(openDb: DatabaseSource = processDatabase) {
  return async (request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> => {
    const { id } = await context.params;
    const provider = new URL(request.url).searchParams.get('provider') ?? '';
    return answer(request, async () => connectFromWidget(id, provider, await openDb()));
  };
}
