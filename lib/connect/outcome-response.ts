import type { Outcome } from './complete-authorization';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A connect outcome as an HTTP answer: a redirect, or a small page when there is nowhere to go. */
export function outcomeResponse(outcome: Outcome, failedStatus = 400): Response {
  if ('redirect' in outcome) return Response.redirect(outcome.redirect, 302);
  const { ok, title, message } = outcome.page;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;display:flex;min-height:100vh;align-items:center;justify-content:center;margin:0;background:#f1f5f9">
<main style="max-width:24rem;background:#fff;border:1px solid #e2e8f0;border-radius:.5rem;padding:2rem">
<h1 style="font-size:1.25rem;margin:0">${escapeHtml(title)}</h1><p ${ok ? 'role="status"' : 'role="alert"'} style="color:#475569">${escapeHtml(message)}</p>
</main></body></html>`;
  return new Response(html, {
    status: ok ? 200 : failedStatus,
    headers: { 'content-type': 'text/html; charset=utf-8' },
  });
}
