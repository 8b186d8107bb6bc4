import { postGenerateWidgetSession } from '@/lib/api/auth';

export const POST = postGenerateWidgetSession;
