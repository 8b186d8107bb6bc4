import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setCardiomoodIntegration } from '../integrations/set-integration';
import { postGenerateWidgetSession } from '../api/endpoints/auth';
import { signInByHttp } from '../providers/cardiomood/simulator/sign-in';
import { apiAccount, callRoute } from '../testing/api';
import { connectorSimulator, enableCardiomood } from '../testing/connector';
import { databaseDigest } from '../testing/database-digest';
import { createTestDatabase } from '../testing/test-database';
import { widgetCallbackRoute, widgetConnectRoute } from './widget-routes';

/** URLs registered, then followed through the whole flow; FUZZ_RUNS raises it for a longer hunt. */
const runs = Number(process.env.FUZZ_RUNS ?? 25);

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let simulator: Awaited<ReturnType<typeof connectorSimulator>>;
let api: Awaited<ReturnType<typeof apiAccount>>;

beforeAll(async () => {
  database = await createTestDatabase();
  simulator = await connectorSimulator();
  api = await apiAccount(database.db);
  await enableCardiomood(api.owner, simulator.sim);
  await setCardiomoodIntegration({ ctx: api.owner, input: { appSchemes: ['myapp'] } });
});
afterAll(async () => {
  await simulator.sim.close();
  await database.destroy();
});

/** Ways to point a redirect somewhere else than it seems, and honest URLs to compare with. */
const tricks = [
  ...['//evil.example/x', '\\\\evil.example/x', '/\\evil.example', 'https:evil.example/x', 'https:/evil.example/x'],
  ...['https:\\\\evil.example/x', 'https://app.example@evil.example/', 'https://app.example:pw@evil.example/'],
  ...[
    'https://evil.example\\@app.example/',
    'https://app.example%40evil.example/',
    'https://evil.example%2f@app.example/',
  ],
  ...['https://evil.example#@app.example/', 'https://evil.example?@app.example/', 'https://ｅｖｉｌ.example/'],
  ...['https://evil。example/', 'https://app.example.evil.example/', 'https://app.example%2eevil.example/'],
  ...['javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)'],
  ...['java\nscript:alert(1)', '\u0000javascript:alert(1)', 'data:text/html,<script>alert(1)</script>'],
  ...['vbscript:msgbox(1)', 'file:///etc/passwd', 'blob:https://app.example/x', 'about:blank', 'ftp://evil.example/'],
  ...['myapp://connected', 'MYAPP://connected', 'otherapp://x', 'http://127.0.0.1/', 'https://app.example/ok'],
  ...['/relative', 'app.example/ok', '', ' ', 'https://', 'https:///evil.example', 'https://app.example/ok\u2028'],
  ...['https://app.example/ok#frag', 'https://app.example/ok?keep=1', `https://app.example/${'x'.repeat(2001)}`],
];

const redirectUrl = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...tricks) },
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc
    .tuple(
      fc.constantFrom('https:', 'http:', 'HTTPS:', 'myapp:', 'javascript:', 'data:', ''),
      fc.constantFrom('//', '/', '\\\\', '/\\', '', '///'),
      fc.constantFrom('', 'app.example@', 'user:pw@', 'app.example%40'),
      fc.constantFrom('evil.example', 'app.example', 'ｅｖｉｌ.example', '127.0.0.1', '[::1]', ''),
      fc.string({ unit: 'binary-ascii', maxLength: 12 }),
    )
    .map((parts) => parts.join('')),
);

/**
 * The rule, written out independently of the code: a redirect URL is accepted when, trimmed, it is an
 * absolute URL (WHATWG parsing, as browsers do) of scheme http, https or one the account registered,
 * with no user name or password, at most 2,000 characters, and text the database can keep.
 */
function ruleAccepts(raw: string): URL | null {
  const text = raw.trim();
  if (text.length > 2000 || text.includes('\u0000')) return null;
  try {
    const url = new URL(text);
    if (!['http:', 'https:', 'myapp:'].includes(url.protocol) || url.username || url.password) return null;
    return url;
  } catch {
    return null;
  }
}

const where = (url: URL) => `${url.protocol}//${url.host}${url.pathname}`;

describe('redirect URLs: only what the rule accepts is registered, and the flow goes nowhere else', () => {
  it('a widget session is refused naming the field, or its end user lands exactly where the URL says', async () => {
    await fc.assert(
      fc.asyncProperty(redirectUrl, redirectUrl, fc.boolean(), async (success, failure, approve) => {
        const before = await databaseDigest(database.db);
        const body = { auth_success_redirect_url: success, auth_failure_redirect_url: failure };
        const created = await callRoute(database.db, postGenerateWidgetSession, { body, headers: api.headers });
        const accepted = [ruleAccepts(success), ruleAccepts(failure)];
        const context = `${JSON.stringify(body)} → ${created.status} ${created.text.slice(0, 200)}`;
        if (!accepted[0] || !accepted[1]) {
          expect(created.status, context).toBe(400);
          const refused = [
            accepted[0] ? '' : 'auth_success_redirect_url',
            accepted[1] ? '' : 'auth_failure_redirect_url',
          ];
          const named = (created.json as { message: string }).message.split(/[: ]/)[0];
          expect(refused.filter(Boolean), context).toContain(named);
          expect(await databaseDigest(database.db), context).toEqual(before);
          return;
        }
        expect(created.status, context).toBe(200);
        const sessionId = (created.json as { session_id: string }).session_id;
        const connect = await widgetConnectRoute(async () => database.db)(
          new Request(`http://localhost:3000/widget/session/${sessionId}/connect?provider=CARDIOMOOD`),
          { params: Promise.resolve({ id: sessionId }) },
        );
        const authorize = connect.headers.get('location') ?? '';
        expect(authorize.startsWith(`${simulator.sim.url}/oauth/authorize?`), context).toBe(true);
        const back = await signInByHttp({ authorizeUrl: authorize, username: 'user2', approve });
        const answer = await widgetCallbackRoute(async () => database.db)(
          new Request(`http://localhost:3000/widget/callback/cardiomood${back.search}`),
        );
        const expected = (approve ? accepted[0] : accepted[1]) as URL;
        expect(answer.status, context).toBe(302);
        expect(where(new URL(answer.headers.get('location') ?? '')), context).toBe(where(expected));
      }),
      // Found by this fuzz: a user name before the @ was accepted, and the end user went to the host after it.
      { numRuns: runs, examples: [['https://app.example@evil.example/', 'https://app.example/no', true]] },
    );
  }, 300_000);

  it('the connect link sends people to CardioMood or shows a page, whatever its id and provider', async () => {
    const created = await callRoute(database.db, postGenerateWidgetSession, { body: {}, headers: api.headers });
    const real = (created.json as { session_id: string }).session_id;
    const id = fc.oneof(
      fc.constantFrom(
        real,
        real.toUpperCase(),
        '-'.repeat(36),
        'a'.repeat(36),
        `${real}x`,
        '00000000-0000-4000-8000-000000000000',
      ),
      fc.uuid(),
      fc.string({ unit: 'binary', maxLength: 50 }),
    );
    const provider = fc.oneof(
      fc.constantFrom('CARDIOMOOD', 'cardiomood', 'FITBIT', '', '\u0000'),
      fc.string({ maxLength: 20 }),
    );
    await fc.assert(
      fc.asyncProperty(id, provider, async (sessionId, chosen) => {
        const before = await databaseDigest(database.db);
        const url = new URL(`http://localhost:3000/widget/session/${encodeURIComponent(sessionId)}/connect`);
        url.searchParams.set('provider', chosen);
        const answer = await widgetConnectRoute(async () => database.db)(new Request(url), {
          params: Promise.resolve({ id: sessionId }),
        });
        const context = `${sessionId} ${chosen} → ${answer.status}`;
        const location = answer.headers.get('location');
        if (location === null) {
          expect(answer.status, context).toBe(400);
          expect(await databaseDigest(database.db), context).toEqual(before);
        } else {
          expect(answer.status, context).toBe(302);
          expect(location.startsWith(`${simulator.sim.url}/oauth/authorize?`), context).toBe(true);
          expect([sessionId.toLowerCase(), chosen.toUpperCase()], context).toEqual([real, 'CARDIOMOOD']);
        }
      }),
      { numRuns: runs * 2 },
    );
  });
});
