import type { FlowView } from '../server/flow/types.js';
import { benchCustomer } from './bench-customers.js';
import type { Flow, StepTimer } from './flow-driver.js';
import { basicAuthorization, expectJson, pkcePair, postForm, randomState } from './http.js';

export const REDIRECT_URI = 'http://localhost:8788/callback';
export const KAKEIBO = { clientId: 'demo-kakeibo', secret: 'demo-kakeibo-secret' };
export const QUICK = { clientId: 'demo-quick', secret: 'demo-quick-secret' };
const PASSWORD = 'demo1234';
const PIN = '1234';

type Partner = typeof KAKEIBO;

/**
 * Our complete flow, as the partner backend, the browser and the widget speak it: PAR → the
 * hosted page (/authorize, which starts the transaction) → login → service selection → PIN
 * registration → result → consent → token.
 * Customer `bench-<index>` logs in, so each flow registers a PIN of its own.
 */
export function ourFlow(origin: string, partner = KAKEIBO): Flow {
  const authorization = basicAuthorization(partner.clientId, partner.secret);
  return async (step, index) => {
    const customer = benchCustomer(index);
    const { state, verifier, send } = await logIn(origin, partner, step, index);
    await step('scopes', () =>
      send('scopes', { scopes: ['balance', 'transactions'] }, 'pin-register'),
    );
    await step('pins', () =>
      send(
        'pins',
        { pins: customer.accountIds.map((accountId) => ({ accountId, pin: PIN })) },
        'pin-result',
      ),
    );
    // `{}`, as the widget sends it: the Worker reads every body to its end, even one no route
    // needs (server/http/body-limit.ts), so the kept-alive connection stays usable.
    await step('pins/confirm', () => send('pins/confirm', {}, 'consent'));
    const complete = await step('consent', () =>
      send('consent', { decision: 'allow', confirmed: true }, 'complete'),
    );
    const { code, state: returnedState } = (complete as Extract<FlowView, { name: 'complete' }>)
      .outcome.params;
    if (!code || returnedState !== state)
      throw new Error('consent: no code, or the state did not come back');
    const tokens = await step('token', async () =>
      expectJson<{ access_token: string }>(
        await postForm(
          `${origin}/token`,
          {
            grant_type: 'authorization_code',
            code,
            redirect_uri: REDIRECT_URI,
            code_verifier: verifier,
          },
          { Authorization: authorization },
        ),
        200,
      ),
    );
    return tokens.access_token;
  };
}

/** A flow the customer leaves after logging in: its transaction must expire, leaving nothing. */
export function abandonedFlow(origin: string, partner = KAKEIBO): Flow {
  return async (step, index) => {
    await logIn(origin, partner, step, index);
    return '';
  };
}

/** PAR, start and login; answers what the rest of the flow needs. */
export async function logIn(origin: string, partner: Partner, step: StepTimer, index: number) {
  const { verifier, challenge } = pkcePair();
  const state = randomState();
  const { request_uri: requestUri } = await step('par', async () =>
    expectJson<{ request_uri: string }>(
      await postForm(
        `${origin}/par`,
        {
          response_type: 'code',
          redirect_uri: REDIRECT_URI,
          scope: 'balance transactions',
          state,
          code_challenge: challenge,
          code_challenge_method: 'S256',
        },
        { Authorization: basicAuthorization(partner.clientId, partner.secret) },
      ),
      201,
    ),
  );
  const started = await step('authorize', () => openHostedPage(origin, partner, requestUri));
  if (started.view.name !== 'login')
    throw new Error(`authorize: expected view login, got ${started.view.name}`);
  const send = async (
    path: string,
    body: unknown,
    expected: FlowView['name'],
  ): Promise<FlowView> => {
    const { view } = await expectJson<{ view: FlowView }>(
      await fetch(`${origin}/flow/${path}`, json(body, { 'X-Transaction': started.transaction })),
      200,
    );
    if (view.name !== expected) throw new Error(`expected view ${expected}, got ${view.name}`);
    return view;
  };
  const afterLogin = partner.clientId === KAKEIBO.clientId ? 'scope-select' : 'pin-register';
  await step('login', () =>
    send('login', { loginId: benchCustomer(index).loginId, password: PASSWORD }, afterLogin),
  );
  return { state, verifier, send };
}

/**
 * The browser's GET /authorize, as the partner sends the customer there: the bank's page starts
 * the transaction itself and carries its handle and first view in a JSON data block
 * (server/routes/hosted-page.ts), which is all the widget needs to show the login step.
 */
async function openHostedPage(
  origin: string,
  partner: Partner,
  requestUri: string,
): Promise<{ transaction: string; view: FlowView }> {
  const query = new URLSearchParams({ client_id: partner.clientId, request_uri: requestUri });
  const response = await fetch(`${origin}/authorize?${query}`, { headers: CUSTOMER_IP });
  const page = await response.text();
  const block = /<script type="application\/json">([\s\S]*?)<\/script>/.exec(page);
  if (response.status !== 200 || !block) {
    throw new Error(`HTTP ${response.status}, no started transaction in the page`);
  }
  return JSON.parse(block[1]) as { transaction: string; view: FlowView };
}

/** The proof that a flow's token works: the account API answers with the granted accounts. */
export async function ourTokenWorks(origin: string, accessToken: string): Promise<boolean> {
  const response = await fetch(`${origin}/api/v1/accounts`, {
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  if (response.status !== 200) return false;
  const body = (await response.json()) as { accounts?: unknown[] };
  return Array.isArray(body.accounts) && body.accounts.length > 0;
}

/**
 * The customer's address as Cloudflare's edge sets it on every request: the flow's per-IP limits
 * (the start rate limit, the failed-secret limit) run as they would in production.
 */
const CUSTOMER_IP = { 'CF-Connecting-IP': '127.0.0.1' };

function json(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...CUSTOMER_IP, ...headers },
    body: JSON.stringify(body),
  };
}
