import { requireCtx } from '@/app/_server/session';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/roles';
import { getCardiomoodIntegration } from '@/lib/integrations/get-integration';
import { CardiomoodForm } from './cardiomood-form';

export const metadata = { title: 'Integrations' };

export default async function IntegrationsPage() {
  const ctx = await requireCtx();
  const settings = await getCardiomoodIntegration({ ctx });
  return (
    <>
      <PageHeader
        title="Integrations"
        description="The wearable providers your end users can connect through the connect widget."
      />
      <CardiomoodForm settings={settings} canManage={can(ctx.actor.role, 'integrations.manage')} />
    </>
  );
}
