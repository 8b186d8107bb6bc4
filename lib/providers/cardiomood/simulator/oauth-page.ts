import { html, type Reply } from './http';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

function page(title: string, content: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · CardioMood (simulator)</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 26rem; margin: 3rem auto; padding: 0 1rem; color: #1f2933; }
label { display: block; margin-top: 1rem; font-weight: 600; }
input { display: block; width: 100%; box-sizing: border-box; padding: .5rem; margin-top: .25rem; font-size: 1rem; }
.actions { display: flex; gap: .75rem; margin-top: 1.5rem; }
button { flex: 1; padding: .6rem; font-size: 1rem; cursor: pointer; }
.error { color: #b42318; background: #fef3f2; padding: .5rem .75rem; border-radius: .25rem; }
.note { color: #52606d; font-size: .85rem; margin-top: 2rem; }
</style>
</head>
<body>
<main>
${content}
<p class="note">This is the CardioMood simulator shipped with Heartbridge, not CardioMood's cloud.</p>
</main>
</body>
</html>
`;
}

/** The sign-in and consent page. The form posts back to the same URL, query string included. */
export function consentPage(input: { clientId: string; search: string; username?: string; error?: string }): string {
  const error = input.error ? `<p class="error" role="alert">${escapeHtml(input.error)}</p>` : '';
  return page(
    'Sign in',
    `<h1>Sign in to CardioMood</h1>
<p><strong>${escapeHtml(input.clientId)}</strong> asks to read your CardioMood health data.</p>
${error}
<form method="post" action="/oauth/authorize?${escapeHtml(input.search)}">
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" value="${escapeHtml(input.username ?? '')}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password">
<div class="actions">
<button type="submit" name="approve" value="yes">Allow</button>
<button type="submit" name="approve" value="no">Deny</button>
</div>
</form>`,
  );
}

/** A request that cannot be sent back to the app (unknown client, unregistered redirect): shown, never redirected. */
export function refusedPage(status: number, reason: string): Reply {
  return html(
    status,
    page('Request refused', `<h1>This sign-in request was refused</h1><p class="error">${escapeHtml(reason)}</p>`),
  );
}
