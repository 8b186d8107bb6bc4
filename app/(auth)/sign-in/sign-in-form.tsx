'use client';

import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { useState, useTransition } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';

// next-auth reports a refused password as CredentialsSignin; any other error text is ours (throttling).
function messageFor(error: string): string {
  return error === 'CredentialsSignin' ? 'Email or password is incorrect.' : error;
}

export function SignInForm() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();

  function submit(form: FormData) {
    startTransition(async () => {
      const result = await signIn('credentials', {
        email: String(form.get('email') ?? ''),
        password: String(form.get('password') ?? ''),
        redirect: false,
      });
      if (!result || result.error) {
        setError(messageFor(result?.error ?? 'Sign-in failed. Try again.'));
        return;
      }
      router.replace('/overview');
      router.refresh();
    });
  }

  return (
    <form action={submit} className="mt-6 flex flex-col gap-4">
      <Field label="Email" htmlFor="email">
        <Input id="email" name="email" type="email" autoComplete="username" required />
      </Field>
      <Field label="Password" htmlFor="password">
        <Input id="password" name="password" type="password" autoComplete="current-password" required />
      </Field>
      {error && <Alert>{error}</Alert>}
      <Button type="submit" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
