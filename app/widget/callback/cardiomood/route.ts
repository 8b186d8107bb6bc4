import { widgetCallback } from '@/lib/connect/widget';
import { outcomeResponse } from '../../outcome';

export async function GET(request: Request) {
  return outcomeResponse(await widgetCallback(new URL(request.url).searchParams));
}
