/**
 * Clicks through the simulator's sign-in page by plain HTTP, as a browser would: for tests that
 * need a code or tokens without a browser. Returns the URL the simulator redirected to.
 */
export async function signInByHttp(input: {
  authorizeUrl: string;
  username: string;
  password?: string;
  approve?: boolean;
}): Promise<URL> {
  const page = await fetch(input.authorizeUrl, { redirect: 'manual' });
  if (page.status !== 200) throw new Error(`sign-in page answered ${page.status}: ${await page.text()}`);
  const action = /<form method="post" action="([^"]+)"/.exec(await page.text())?.[1];
  if (!action) throw new Error('no sign-in form on the page');
  const answer = await fetch(new URL(action.replaceAll('&amp;', '&'), input.authorizeUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      username: input.username,
      password: input.password ?? 'password',
      approve: input.approve === false ? 'no' : 'yes',
    }),
  });
  const location = answer.headers.get('location');
  if (answer.status !== 302 || !location) throw new Error(`sign-in answered ${answer.status}: ${await answer.text()}`);
  return new URL(location);
}

/** Signs `username` in for `client` and exchanges the code: the tokens a connector would hold. */
export async function tokensByHttp(input: {
  baseUrl: string;
  client: { id: string; secret: string; redirectUri: string };
  username: string;
  password?: string;
}): Promise<{ access_token: string; refresh_token: string; expires_in: number; token_type: string }> {
  const { client } = input;
  const authorize = new URL('/oauth/authorize', input.baseUrl);
  authorize.search = new URLSearchParams({
    client_id: client.id,
    redirect_uri: client.redirectUri,
    response_type: 'code',
    state: 'test',
  }).toString();
  const back = await signInByHttp({ authorizeUrl: authorize.toString(), ...input });
  const response = await fetch(new URL('/oauth/token', input.baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: back.searchParams.get('code') ?? '',
      redirect_uri: client.redirectUri,
      client_id: client.id,
      client_secret: client.secret,
    }),
  });
  if (!response.ok) throw new Error(`token exchange answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Awaited<ReturnType<typeof tokensByHttp>>;
}
