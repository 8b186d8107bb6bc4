import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Heartbridge', template: '%s · Heartbridge' },
  description: 'Self-hosted wearable-data platform with a Terra-compatible API',
};

/** Rendered per request: each page's scripts carry that response's CSP nonce (proxy.ts). */
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans antialiased">{children}</body>
    </html>
  );
}
