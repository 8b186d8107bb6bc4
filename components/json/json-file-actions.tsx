'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';

/**
 * Copy and download of a JSON document served at `href` (a payload can be megabytes, so the page
 * does not carry it: it is fetched when asked for). `what` names it for screen readers.
 */
export function JsonFileActions({ href, filename, what }: { href: string; filename: string; what: string }) {
  const [state, setState] = useState<'idle' | 'copying' | 'copied' | 'failed'>('idle');

  async function copy() {
    setState('copying');
    try {
      const text = fetch(href).then(async (response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.text();
      });
      // Chrome and Safari keep the click's permission while the text loads when given a promise.
      if (typeof ClipboardItem !== 'undefined') {
        const blob = text.then((t) => new Blob([t], { type: 'text/plain' }));
        await navigator.clipboard.write([new ClipboardItem({ 'text/plain': blob })]);
      } else {
        await navigator.clipboard.writeText(await text);
      }
      setState('copied');
      setTimeout(() => setState('idle'), 1500);
    } catch {
      setState('failed');
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button
        variant="secondary"
        className="h-7 px-2 text-xs"
        aria-label={`Copy ${what} as JSON`}
        disabled={state === 'copying'}
        onClick={copy}
      >
        {state === 'copied' ? 'Copied' : state === 'copying' ? 'Copying…' : 'Copy JSON'}
      </Button>
      <a
        href={href}
        download={filename}
        aria-label={`Download ${what} as ${filename}`}
        className="inline-flex h-7 items-center rounded-md border border-border bg-card px-2 text-xs font-medium hover:bg-muted focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-primary"
      >
        Download .json
      </a>
      {state === 'failed' && (
        <span role="alert" className="text-xs text-danger">
          Could not copy: use Download instead.
        </span>
      )}
    </div>
  );
}
