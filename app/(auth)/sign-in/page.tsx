import { SignInForm } from './sign-in-form';

export const metadata = { title: 'Sign in' };

export default function SignInPage() {
  return (
    <main className="flex min-h-screen items-center justify-center bg-muted p-6">
      <div className="w-full max-w-sm rounded-lg border border-border bg-card p-8 shadow-sm">
        <h1 className="text-xl font-semibold">
          <span className="text-primary">♥</span> Sign in to Heartbridge
        </h1>
        <p className="mt-1 text-sm text-muted-foreground">Use the email and password of your member account.</p>
        <SignInForm />
      </div>
    </main>
  );
}
