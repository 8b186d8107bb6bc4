import { getIntegrations } from '@/lib/api/integrations';

export const dynamic = 'force-dynamic';
export const GET = getIntegrations;
