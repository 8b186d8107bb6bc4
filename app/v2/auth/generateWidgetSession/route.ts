import { postGenerateWidgetSession } from '@/lib/api/endpoints/auth';
import { routeHandler } from '@/lib/api/route';

export const POST = routeHandler(postGenerateWidgetSession);
