import type { FlowView } from '../server/flow/types.js';
import type { Flow } from './flow-driver.js';
import { basicAuthorization, expectJson, pkcePair, postForm, randomState } from './http.js';
import { benchCustomer } from './bench-customers.js';

export const REDIRECT_URI = 'http://localhost:8788/callback';
export const KAKEIBO = { clientId: 'demo-kakeibo', secret: 'demo-kakeibo-secret' };
const PASSWORD = 'demo1234';
const PIN = '1234';

/**
 * Our complete flow, as the partner backend and the widget speak it (test/server/actors.ts):
 * PAR → start → login → service selection → PIN registration → result → consent → token.
 * Customer `bench-<index>` logs in, so each flow registers a PIN of its own.
 */
export function ourFlow(origin: string, partner = KAKEIBO): Flow {
  const authorization = basicAuthorization(partner.clientId, partner.secret);
  return async (step, index) => {
    const customer = benchCustomer(index);
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
          { Authorization: authorization },
        ),
        201,
        'par',
      ),
    );
    const started = await step('start', async () =>
      expectJson<{ transaction: string; view: FlowView }>(
        await fetch(`${origin}/flow/start`, json({ clientId: partner.clientId, requestUri })),
        201,
        'start',
      ),
    );
    const send = async (path: string, body: unknown, expected: FlowView['name']) => {
      const { view } = await expectJson<{ view: FlowView }>(
        await fetch(`${origin}/flow/${path}`, json(body, { 'X-Transaction': started.transaction })),
        200,
        path,
      );
      if (view.name !== expected) throw new Error(`${path}: expected view ${expected}, got ${view.name}`);
      return view;
    };
    expectView(started.view, 'login');
    await step('login', () => send('login', { loginId: customer.loginId, password: PASSWORD }, 'scope-select'));
    await step('scopes', () => send('scopes', { scopes: ['balance', 'transactions'] }, 'pin-register'));
    await step('pins', () => send('pins', { pins: customer.accountIds.map((accountId) => ({ accountId, pin: PIN })) }, 'pin-result'));
    await step('pins/confirm', () => send('pins/confirm', {}, 'consent'));
    const complete = await step('consent', () => send('consent', { decision: 'allow', confirmed: true }, 'complete'));
    if (complete.name !== 'complete') throw new Error('unreachable');
    const { code, state: returnedState } = complete.outcome.params;
    if (!code || returnedState !== state) throw new Error('consent: no code, or the state did not come back');
    const tokens = await step('token', async () =>
      expectJson<{ access_token: string }>(
        await postForm(
          `${origin}/token`,
          { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier },
          { Authorization: authorization },
        ),
        200,
        'token',
      ),
    );
    return tokens.access_token;
  };
}

/** The proof that a flow's token works: the account API answers with the granted accounts. */
export async function ourTokenWorks(origin: string, accessToken: string): Promise<boolean> {
  const response = await fetch(`${origin}/api/v1/accounts`, { headers: { Authorization: `Bearer ${accessToken}` } });
  if (response.status !== 200) { console.log("VERIFY", response.status, await response.text()); return false; }
  const body = (await response.json()) as { accounts?: unknown[] };
  if (!(Array.isArray(body.accounts) && body.accounts.length > 0)) console.log("VERIFYBODY", JSON.stringify(body)); return Array.isArray(body.accounts) && body.accounts.length > 0;
}

function expectView(view: FlowView, expected: FlowView['name']) {
  if (view.name !== expected) throw new Error(`expected view ${expected}, got ${view.name}`);
}

function json(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) };
}
