import type { NextAuthOptions } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { verifySignIn } from '@/lib/auth/sign-in';
import { database } from '@/lib/database';
import { isHeartbridgeError } from '@/lib/errors';

/** next-auth: email + password against lib's members, JWT sessions of 12 hours. */
export const authOptions: NextAuthOptions = {
  session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
  pages: { signIn: '/sign-in' },
  providers: [
    Credentials({
      credentials: { email: { type: 'email' }, password: { type: 'password' } },
      async authorize(credentials, req) {
        const forwarded = req.headers?.['x-forwarded-for'];
        const ip = String(Array.isArray(forwarded) ? forwarded[0] : (forwarded ?? ''))
          .split(',')[0]
          ?.trim();
        const { db } = await database();
        try {
          const member = await verifySignIn(db, {
            email: credentials?.email ?? '',
            password: credentials?.password ?? '',
            ip: ip || undefined,
          });
          return { id: member.memberId, email: member.email };
        } catch (error) {
          // A null answer is next-auth's generic CredentialsSignin; a throttle says how long to wait.
          if (isHeartbridgeError(error) && error.kind === 'unauthorized') return null;
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (session.user) Object.assign(session.user, { id: token.sub });
      return session;
    },
  },
};
