'use client';

import { signOut } from 'next-auth/react';
import { Button } from '../ui/button';

export function SignOutButton() {
  return (
    <Button variant="ghost" className="w-full justify-start" onClick={() => signOut({ callbackUrl: '/sign-in' })}>
      Sign out
    </Button>
  );
}
