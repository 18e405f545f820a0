import { Hono, type Context } from 'hono';
import * as z from 'zod';
import { zValidator } from '@hono/zod-validator';
import { partners } from '../bank-data.js';
import {
  BANK,
  BankRefusal,
  exchangeCode,
  linkedAccounts,
  pushAuthorizationRequest,
  type ResponseMode,
} from './bank-client.js';
import { grantStatus, revokeGrant } from './grant-management.js';
import { developerPage, homePage, infoPage } from './pages.js';
import { partnerClient } from './registrations.js';
import { existingSessionOf, sessionOf, type LinkedGrant, type PartnerSession } from './sessions.js';

const authorizationResponse = z.object({
  code: z.string().max(512).optional(),
  error: z.string().max(64).optional(),
  error_description: z.string().max(256).optional(),
  state: z.string().max(512),
  iss: z.string().max(512),
});

const grantId = z.string().min(1).max(64);

/**
 * Completes an authorization the partner started: the response must carry this session's
 * `state` (CSRF, RFC 6749 §10.12) and the bank as `iss` (mix-up defence, RFC 9207 §2.4) before
 * its code or its error is believed. A re-consent must come back with the grant it replaced.
 */
async function finish(session: PartnerSession, response: z.infer<typeof authorizationResponse>) {
  const pending = session.pending;
  session.pending = undefined;
  session.errorDescription = undefined;
  if (!pending || response.state !== pending.state || response.iss !== BANK) {
    session.outcome = 'failed';
    return;
  }
  if (response.error || !response.code) {
    session.outcome = 'denied';
    session.errorDescription = response.error_description;
    return;
  }
  const tokens = await exchangeCode(
    partnerClient(pending.clientId),
    response.code,
    pending.codeVerifier,
  );
  if (pending.replacing && tokens.grantId !== pending.replacing) {
    session.outcome = 'failed';
    return;
  }
  const { clientId, responseMode } = pending;
  session.grants = [
    { grantId: tokens.grantId, clientId, responseMode, tokens },
    ...session.grants.filter((grant) => grant.grantId !== tokens.grantId),
  ];
  session.outcome = pending.replacing ? 'relinked' : 'linked';
}

/** Starts an authorization: a new link, or the re-consent of a grant this session holds. */
async function start(
  c: Context,
  clientId: string | undefined,
  responseMode: ResponseMode,
  replacing?: string,
) {
  const session = sessionOf(c);
  const replaced = replacing === undefined ? undefined : grantOf(session, replacing);
  const partner = partnerClient(replaced?.clientId ?? clientId);
  const pending = await pushAuthorizationRequest(partner, responseMode, replaced?.grantId);
  session.pending = { ...pending, clientId: partner.clientId, responseMode, replacing };
  return { clientId: partner.clientId, requestUri: pending.requestUri };
}

/** Only grants this session linked: a grant id from the page names nothing else. */
function grantOf(session: PartnerSession, id: string): LinkedGrant {
  const grant = session.grants.find((linked) => linked.grantId === id);
  if (!grant) throw new UnknownGrant();
  return grant;
}

class UnknownGrant extends Error {}

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
    zValidator('json', z.object({ clientId: z.string().max(64), grantId: grantId.optional() })),
    async (c) => {
      const { clientId, grantId } = c.req.valid('json');
      return c.json({ server: BANK, ...(await start(c, clientId, 'web_message', grantId)) });
    },
  )
  .post('/link/complete', zValidator('json', authorizationResponse), async (c) => {
    const session = sessionOf(c);
    await finish(session, c.req.valid('json'));
    return c.json({ outcome: session.outcome });
  })
  // Full-page redirect flow: PAR, then the browser goes to the bank and comes back to /callback.
  .get(
    '/link/redirect',
    zValidator(
      'query',
      z.object({ client_id: z.string().max(64).optional(), grant_id: grantId.optional() }),
    ),
    async (c) => {
      const query = c.req.valid('query');
      const started = await start(c, query.client_id, 'query', query.grant_id);
      const authorize = new URLSearchParams({
        client_id: started.clientId,
        request_uri: started.requestUri,
      });
      return c.redirect(`${BANK}/authorize?${authorize}`);
    },
  )
  .get('/callback', zValidator('query', authorizationResponse), async (c) => {
    await finish(sessionOf(c), c.req.valid('query'));
    return c.redirect('/');
  })
  .get('/api/linked', async (c) => {
    const session = existingSessionOf(c) ?? { grants: [] };
    return c.json({
      outcome: session.outcome ?? null,
      errorDescription: session.errorDescription ?? null,
      grants: await Promise.all(session.grants.map(grantState)),
    });
  })
  // 「連携を解除」: the grant ends at the bank (DELETE /grants/{grant_id}); its tokens are dead.
  .post('/grants/:grantId/disconnect', zValidator('param', z.object({ grantId })), async (c) => {
    const session = sessionOf(c);
    const grant = grantOf(session, c.req.valid('param').grantId);
    await revokeGrant(partnerClient(grant.clientId), grant.grantId);
    grant.tokens = undefined;
    session.outcome = 'disconnected';
    return c.json({ outcome: session.outcome });
  })
  .get('/partner.js', async (c) => {
    const { readFile } = await import('node:fs/promises');
    const script = await readFile(new URL('./public/partner.js', import.meta.url), 'utf8');
    return c.body(script, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
  })
  .onError((error, c) => {
    if (error instanceof UnknownGrant) return c.json({ error: 'unknown_grant' }, 404);
    // The bank's error code only: never a token, secret or assertion.
    if (error instanceof BankRefusal) return c.json({ error: error.error || 'bank_error' }, 502);
    throw error;
  });

/**
 * One grant as the page shows it: its status and end date as the bank reports them, and, while
 * the partner holds its tokens, the accounts read with them, or the API's refusal when the
 * customer has revoked it at the bank since.
 */
async function grantState(grant: LinkedGrant) {
  const partner = partnerClient(grant.clientId);
  const [bank, api] = await Promise.all([
    grantStatus(partner, grant.grantId),
    grant.tokens ? accountsOrRefusal(grant) : null,
  ]);
  // Shows a developer (and the e2e tests) which registration the link used and how its token is bound.
  return {
    grantId: grant.grantId,
    clientId: grant.clientId,
    service: partners.find((known) => known.clientId === grant.clientId)?.service.ja ?? '',
    responseMode: grant.responseMode,
    tokenType: grant.tokens?.tokenType ?? null,
    ...bank,
    accounts: api?.accounts ?? [],
    refused: api?.refused ?? null,
  };
}

async function accountsOrRefusal(grant: LinkedGrant) {
  try {
    return { accounts: await linkedAccounts(grant.tokens!) };
  } catch (error) {
    if (!(error instanceof BankRefusal)) throw error;
    return { refused: { status: error.status, error: error.error } };
  }
}
