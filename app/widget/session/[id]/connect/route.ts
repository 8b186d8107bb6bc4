import { widgetConnectRoute } from '@/lib/connect/widget-routes';

export const GET = widgetConnectRoute();
