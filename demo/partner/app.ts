import { Hono, type Context } from 'hono';
import * as z from 'zod';
import { zValidator } from '@hono/zod-validator';
import { BANK, exchangeCode, linkedAccounts, pushAuthorizationRequest } from './bank-client.js';
import { developerPage, homePage, infoPage } from './pages.js';
import { partnerClient } from './registrations.js';
import { sessionOf, type PartnerSession } from './sessions.js';

const authorizationResponse = z.object({
  code: z.string().max(512).optional(),
  error: z.string().max(64).optional(),
  state: z.string().max(512),
  iss: z.string().max(512),
});

/**
 * Completes an authorization the partner started: the response must carry this session's
 * `state` (CSRF, RFC 6749 §10.12) and the bank as `iss` (mix-up defence, RFC 9207 §2.4) before
 * the code is exchanged.
 */
async function finish(session: PartnerSession, response: z.infer<typeof authorizationResponse>) {
  const pending = session.pending;
  session.pending = undefined;
  if (!pending || response.state !== pending.state || response.iss !== BANK) {
    session.outcome = 'failed';
    return;
  }
  if (response.error || !response.code) {
    session.outcome = 'denied';
    return;
  }
  session.tokens = await exchangeCode(
    partnerClient(pending.clientId),
    response.code,
    pending.codeVerifier,
  );
  session.outcome = 'linked';
}

/** The demo partner site 「かんたん家計簿」 at http://localhost:8788. */
export const partnerApp = new Hono()
  .get('/', (c) => c.html(homePage(BANK)))
  .get('/developer', (c) => c.html(developerPage(BANK)))
  .get('/terms', (c) => c.html(infoPage('利用規約', 'かんたん家計簿の利用規約（デモ）です。')))
  .get('/privacy', (c) =>
    c.html(infoPage('プライバシーポリシー', 'かんたん家計簿のプライバシーポリシー（デモ）です。')),
  )
  .get('/about', (c) =>
    c.html(
      infoPage(
        'かんたん家計簿について',
        '口座の残高と入出金明細をまとめて確認できる家計簿サービス（デモ）です。',
      ),
    ),
  )
  // Embedded flow: PAR with response_mode=web_message; the page opens <api-link-auth> with it.
  .post(
    '/link/start',
    zValidator('json', z.object({ clientId: z.string().max(64) })),
    async (c) => {
      const { clientId } = c.req.valid('json');
      const partner = partnerClient(clientId);
      const pending = await pushAuthorizationRequest(partner, 'web_message');
      sessionOf(c).pending = { ...pending, clientId: partner.clientId };
      return c.json({ server: BANK, clientId: partner.clientId, requestUri: pending.requestUri });
    },
  )
  .post('/link/complete', zValidator('json', authorizationResponse), async (c) => {
    const session = sessionOf(c);
    await finish(session, c.req.valid('json'));
    return c.json({ outcome: session.outcome });
  })
  // Full-page redirect flow: PAR, then the browser goes to the bank and comes back to /callback.
  .get('/link/redirect', async (c) => {
    const partner = partnerClient(c.req.query('client_id'));
    const pending = await pushAuthorizationRequest(partner, 'query');
    sessionOf(c).pending = { ...pending, clientId: partner.clientId };
    const query = new URLSearchParams({
      client_id: partner.clientId,
      request_uri: pending.requestUri,
    });
    return c.redirect(`${BANK}/authorize?${query}`);
  })
  .get('/callback', zValidator('query', authorizationResponse), async (c) => {
    await finish(sessionOf(c), c.req.valid('query'));
    return c.redirect('/');
  })
  .get('/api/linked', async (c) => c.json(await linkedState(c)))
  .post('/link/forget', (c) => {
    const session = sessionOf(c);
    session.tokens = undefined;
    session.outcome = undefined;
    return c.json({ ok: true });
  })
  .get('/partner.js', async (c) => {
    const { readFile } = await import('node:fs/promises');
    const script = await readFile(new URL('./public/partner.js', import.meta.url), 'utf8');
    return c.body(script, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
  });

async function linkedState(c: Context) {
  const session = sessionOf(c);
  if (!session.tokens) return { outcome: session.outcome ?? null, scopes: [], accounts: [] };
  const { clientId, tokenType, scopes } = session.tokens;
  // Shows a developer (and the e2e tests) which registration the link used and how its token is bound.
  return {
    outcome: session.outcome,
    clientId,
    tokenType,
    scopes,
    accounts: await linkedAccounts(session.tokens),
  };
}
