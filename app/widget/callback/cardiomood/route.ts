import { widgetCallbackRoute } from '@/lib/connect/widget-routes';

export const GET = widgetCallbackRoute();
