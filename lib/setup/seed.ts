import { count } from 'drizzle-orm';
import { accounts } from '@/db/schema';
import type { Db } from '@/db/client';
import { createAccount } from '../accounts/create-account';
import { generatePassword } from '../auth/passwords';

export interface SeededDemo {
  devId: string;
  email: string;
  /** Present only when Heartbridge made the password up: it is printed once and never stored in clear. */
  generatedPassword?: string;
}

/** On a database with no account, creates the demo account and its owner. Null when there was one already. */
export async function seedDemo(db: Db, admin: { email?: string; password?: string }): Promise<SeededDemo | null> {
  const [existing] = await db.select({ n: count() }).from(accounts);
  if ((existing?.n ?? 0) > 0) return null;
  const email = admin.email ?? 'admin@heartbridge.local';
  const password = admin.password ?? generatePassword();
  const { account } = await createAccount({
    ctx: { db, actor: { kind: 'system', name: 'seed' } },
    input: { name: 'Demo', ownerEmail: email, ownerPassword: password },
  });
  return { devId: account.devId, email, generatedPassword: admin.password ? undefined : password };
}
