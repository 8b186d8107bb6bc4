import type { ReactNode } from 'react';
import { requireCtx } from '@/app/_server/session';
import { AccountSwitcher } from '@/components/shell/account-switcher';
import { Nav } from '@/components/shell/nav';
import { SignOutButton } from '@/components/shell/sign-out-button';
import { switchAccount } from './actions/switch-account';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const ctx = await requireCtx();
  return (
    <div className="flex min-h-screen flex-col md:flex-row">
      <aside className="flex flex-col gap-6 border-b border-border bg-muted p-4 md:w-60 md:shrink-0 md:border-r md:border-b-0">
        <div className="px-3 text-lg font-semibold tracking-tight">
          <span className="text-primary">♥</span> Heartbridge
        </div>
        <AccountSwitcher
          accounts={ctx.accounts.map(({ id, name, role }) => ({ id, name, role }))}
          currentId={ctx.account.id}
          switchAccount={switchAccount}
        />
        <Nav />
        <div className="mt-auto flex flex-col gap-1 border-t border-border pt-3">
          <p className="truncate px-3 text-xs text-muted-foreground" title={ctx.actor.email}>
            {ctx.actor.email} · {ctx.actor.role}
          </p>
          <SignOutButton />
        </div>
      </aside>
      <main className="min-w-0 flex-1 p-6 md:p-10">{children}</main>
    </div>
  );
}
