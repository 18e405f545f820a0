import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  basic,
  Customer,
  embeddedStart,
  exchangeCode,
  flowToConsent,
  ISSUER,
  KAKEIBO,
  partnerRow,
  pkcePair,
  postForm,
  pushRequest,
  QUICK,
  REDIRECT_URI,
} from './actors.js';
import { startBank, type Bank } from './harness.js';

/** A partner the bank registered for plain front-channel requests (not part of the demo). */
const PLAIN = { clientId: 'plain-partner', secret: 'plain-partner-secret' };
/** A partner that embeds from two origins. */
const TWO_SITES = { clientId: 'two-sites', secret: 'two-sites-secret' };

let bank: Bank;
before(async () => {
  bank = await startBank({
    extraRows: [
      await partnerRow({
        ...PLAIN,
        redirectUris: ['https://p.example/cb'],
        allowedScopes: ['balance'],
        allowsPlainAuthorizationRequest: true,
      }),
      await partnerRow({
        ...TWO_SITES,
        redirectUris: ['https://a.example/cb', 'https://b.example/cb'],
        embeddingOrigins: ['https://a.example', 'https://b.example'],
      }),
    ],
  });
});
after(() => bank.stop());

function parWith(overrides: Record<string, string | undefined>, partner = KAKEIBO) {
  const values: Record<string, string> = {
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope: 'balance',
    state: 'xyz',
    code_challenge: pkcePair().challenge,
    code_challenge_method: 'S256',
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete values[key];
    else values[key] = value;
  }
  return postForm(bank, '/par', values, basic(partner.clientId, partner.secret));
}

async function errorOf(response: Response) {
  return ((await response.json()) as { error: string }).error;
}

describe('POST /par (RFC 9126)', () => {
  test('answers 201 with a one-time urn:ietf:params:oauth:request_uri and expires_in of at most 90 s (RFC 9126 §2.2)', async () => {
    const response = await parWith({});
    assert.equal(response.status, 201);
    const body = (await response.json()) as { request_uri: string; expires_in: number };
    assert.match(body.request_uri, /^urn:ietf:params:oauth:request_uri:[A-Za-z0-9_-]{43}$/);
    assert.ok(body.expires_in > 0 && body.expires_in <= 90);
  });

  test('authenticates the client: a wrong secret is 401 invalid_client (RFC 9126 §2)', async () => {
    const response = await parWith({}, { ...KAKEIBO, secret: 'wrong' });
    assert.equal(response.status, 401);
    assert.equal(await errorOf(response), 'invalid_client');
  });

  test('refuses a client_id in the body that differs from the authenticated client', async () => {
    assert.equal(await errorOf(await parWith({ client_id: QUICK.clientId })), 'invalid_request');
  });

  test('accepts only response_type=code (RFC 6749 §4.1.1)', async () => {
    assert.equal(
      await errorOf(await parWith({ response_type: 'token' })),
      'unsupported_response_type',
    );
  });

  test('requires an exactly registered redirect_uri (RFC 9700 §4.1.3)', async () => {
    for (const uri of [
      `${REDIRECT_URI}/`,
      `${REDIRECT_URI}?a=1`,
      'http://localhost:8788/CALLBACK',
      'https://evil.example/callback',
    ]) {
      const response = await parWith({ redirect_uri: uri });
      assert.equal(response.status, 400, uri);
      assert.equal(await errorOf(response), 'invalid_request');
    }
  });

  test("refuses scopes outside the partner's allowed set (RFC 6749 §3.3)", async () => {
    assert.equal(await errorOf(await parWith({ scope: 'balance transfers' })), 'invalid_scope');
  });

  test('requires PKCE with S256 (RFC 7636 §4.3)', async () => {
    assert.equal(
      await errorOf(await parWith({ code_challenge_method: 'plain' })),
      'invalid_request',
    );
    assert.equal(await errorOf(await parWith({ code_challenge: undefined })), 'invalid_request');
    assert.equal(await errorOf(await parWith({ code_challenge: 'short' })), 'invalid_request');
  });

  test('takes a request without state, and answers it without state, allowed or denied (RFC 6749 §4.1.1, §4.1.2; RFC 9700 §2.1)', async () => {
    for (const decision of ['allow', 'deny'] as const) {
      const { verifier, challenge } = pkcePair();
      const response = await parWith({
        state: undefined,
        scope: 'balance transactions',
        code_challenge: challenge,
      });
      assert.equal(response.status, 201);
      const { request_uri } = (await response.json()) as { request_uri: string };
      const pushed = { requestUri: request_uri, verifier, state: '', ...KAKEIBO };
      const { customer } = await flowToConsent(bank, pushed);
      const complete = await customer.expectView('consent', { decision, confirmed: true });
      assert.equal(complete.name, 'complete');
      const { params } = complete.outcome;
      assert.equal('state' in params, false, JSON.stringify(params));
      assert.equal(params.iss, ISSUER);
      if (decision === 'deny') {
        assert.equal(params.error, 'access_denied');
        continue;
      }
      assert.equal((await exchangeCode(bank, pushed, params.code)).status, 200);
    }
  });

  test('returns the state it was given, allowed or denied (RFC 6749 §4.1.2, §4.1.2.1)', async () => {
    for (const decision of ['allow', 'deny'] as const) {
      const pushed = await pushRequest(bank, KAKEIBO);
      const { customer } = await flowToConsent(bank, pushed);
      const complete = await customer.expectView('consent', { decision, confirmed: true });
      assert.equal(complete.name === 'complete' && complete.outcome.params.state, pushed.state);
    }
  });

  test('answers the pushed state, never one added to the /authorize query, and takes a state of up to 512 characters (conformance: ensure-different-state-inside-and-outside-request-object, ensure-authorization-request-with-long-state)', async () => {
    const pushed = await pushRequest(bank, KAKEIBO);
    const customer = new Customer(bank);
    assert.equal((await customer.open(pushed, { state: 'from-the-query' })).response.status, 200);
    const ended = await customer.expectView('cancel');
    assert.equal(ended.name === 'complete' && ended.outcome.params.state, pushed.state);

    assert.equal((await parWith({ state: 'x'.repeat(512) })).status, 201);
    assert.equal(await errorOf(await parWith({ state: 'x'.repeat(1000) })), 'invalid_request');
  });

  test('answers another method than POST with 405 and Allow: POST, at /par, /token and /revoke (RFC 9110 §15.5.6; RFC 9126 §2.1, RFC 6749 §3.2, RFC 7009 §2.1)', async () => {
    for (const path of ['/par', '/token', '/revoke']) {
      for (const method of ['GET', 'PUT', 'DELETE']) {
        const response = await bank.fetch(path, { method });
        assert.equal(response.status, 405, `${method} ${path}`);
        assert.equal(response.headers.get('Allow'), 'POST', `${method} ${path}`);
        assert.equal(await errorOf(response), 'invalid_request', `${method} ${path}`);
      }
    }
  });

  test('prohibits request_uri in the pushed request (RFC 9126 §2.1)', async () => {
    assert.equal(await errorOf(await parWith({ request_uri: 'urn:x' })), 'invalid_request');
  });

  test('accepts response_mode=web_message only for a redirect_uri on a registered embedding origin', async () => {
    assert.equal((await parWith({ response_mode: 'web_message' })).status, 201);
    assert.equal(await errorOf(await parWith({ response_mode: 'form_post' })), 'invalid_request');
  });
});

describe('GET /authorize', () => {
  test('serves the hosted page with no-store, no-referrer, nosniff, and framed by nobody for a query request', async () => {
    const pushed = await pushRequest(bank);
    const response = await bank.fetch(
      `/authorize?client_id=${KAKEIBO.clientId}&request_uri=${encodeURIComponent(pushed.requestUri)}`,
    );
    assert.equal(response.status, 200);
    assert.match(response.headers.get('Content-Security-Policy') ?? '', /frame-ancestors 'none'$/);
    assert.equal(response.headers.get('Cache-Control'), 'no-store');
    assert.equal(response.headers.get('Referrer-Policy'), 'no-referrer');
    assert.equal(response.headers.get('X-Content-Type-Options'), 'nosniff');
    const page = await response.text();
    assert.match(page, /<api-link-auth-flow\s+partner-origin="http:\/\/localhost:8788"/);
    assert.match(page, /<script type="module">/);
    assert.doesNotMatch(page, /request_uri/);
  });

  test('lets only the origin a web_message response goes to frame its page (CSP frame-ancestors)', async () => {
    const pushed = await pushRequest(bank, TWO_SITES, {
      response_mode: 'web_message',
      redirect_uri: 'https://b.example/cb',
    });
    const response = await bank.fetch(
      `/authorize?client_id=${TWO_SITES.clientId}&request_uri=${encodeURIComponent(pushed.requestUri)}`,
    );
    assert.equal(response.status, 200);
    assert.match(
      response.headers.get('Content-Security-Policy') ?? '',
      /frame-ancestors https:\/\/b\.example$/,
    );
    assert.match(await response.text(), /partner-origin="https:\/\/b\.example"/);
  });

  test('renders the page in English when the partner asks with ui_locales, Japanese otherwise', async () => {
    // Each visit uses up its request_uri, so each gets a request of its own.
    const page = async (uiLocales?: string) => {
      const pushed = await pushRequest(bank);
      const query = new URLSearchParams({
        client_id: KAKEIBO.clientId,
        request_uri: pushed.requestUri,
        ...(uiLocales && { ui_locales: uiLocales }),
      });
      return (await bank.fetch(`/authorize?${query}`)).text();
    };
    assert.match(
      await page('en-US ja'),
      /<html lang="en">[\s\S]*<api-link-auth-flow[^>]*lang="en"/,
    );
    assert.match(await page('fr ja'), /<html lang="ja">/);
    assert.match(await page(), /<api-link-auth-flow[^>]*lang="ja"/);
  });

  test('shows an error page, never a redirect, for an unknown client or a bad request_uri (RFC 6749 §4.1.2.1)', async () => {
    const pushed = await pushRequest(bank);
    for (const query of [
      `client_id=nobody&request_uri=${encodeURIComponent(pushed.requestUri)}`,
      `client_id=${QUICK.clientId}&request_uri=${encodeURIComponent(pushed.requestUri)}`,
      `client_id=${KAKEIBO.clientId}&request_uri=urn:ietf:params:oauth:request_uri:forged`,
      `request_uri=${encodeURIComponent(pushed.requestUri)}`,
    ]) {
      const response = await bank.fetch(`/authorize?${query}`, { redirect: 'manual' });
      assert.equal(response.status, 400, query);
      assert.equal(response.headers.get('Location'), null);
      assert.match(await response.text(), /role="alert"/);
    }
  });

  test('shows the error page for a request_uri already used to start a flow', async () => {
    const pushed = await pushRequest(bank);
    await new Customer(bank).start(pushed);
    const response = await bank.fetch(
      `/authorize?client_id=${KAKEIBO.clientId}&request_uri=${encodeURIComponent(pushed.requestUri)}`,
    );
    assert.equal(response.status, 400);
  });

  test("lets a registered partner's embedding origins frame its error page (a reloaded modal shows why), and nobody while the client is unknown", async () => {
    const ancestors = async (query: string) => {
      const response = await bank.fetch(`/authorize?${query}`, { redirect: 'manual' });
      assert.equal(response.status, 400, query);
      return /frame-ancestors (.*)$/.exec(
        response.headers.get('Content-Security-Policy') ?? '',
      )?.[1];
    };
    // The modal's frame reloaded: its request_uri, pushed for web_message, is used up.
    const pushed = await pushRequest(bank, TWO_SITES, {
      response_mode: 'web_message',
      redirect_uri: 'https://b.example/cb',
    });
    const uri = encodeURIComponent(pushed.requestUri);
    assert.equal(
      (await bank.fetch(`/authorize?client_id=${TWO_SITES.clientId}&request_uri=${uri}`)).status,
      200,
    );
    assert.equal(
      await ancestors(`client_id=${TWO_SITES.clientId}&request_uri=${uri}`),
      'https://a.example https://b.example',
    );
    assert.equal(
      await ancestors(
        `client_id=${KAKEIBO.clientId}&request_uri=urn:ietf:params:oauth:request_uri:forged`,
      ),
      'http://localhost:8788',
    );
    assert.equal(await ancestors(`client_id=nobody&request_uri=${uri}`), "'none'");
    assert.equal(await ancestors(`request_uri=${uri}`), "'none'");
    assert.equal(await ancestors(`client_id=${KAKEIBO.clientId}&client_id=nobody`), "'none'");
  });

  test('refuses a plain request without PAR from a partner not registered for it', async () => {
    const query = new URLSearchParams({
      client_id: KAKEIBO.clientId,
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      scope: 'balance',
      state: 's',
      code_challenge: pkcePair().challenge,
      code_challenge_method: 'S256',
    });
    const response = await bank.fetch(`/authorize?${query}`, { redirect: 'manual' });
    assert.equal(response.status, 400);
    assert.match(await response.text(), /PAR/);
  });

  test('accepts a plain request from a partner registered to allow it, validated like a pushed one', async () => {
    const good = new URLSearchParams({
      client_id: PLAIN.clientId,
      response_type: 'code',
      redirect_uri: 'https://p.example/cb',
      scope: 'balance',
      state: 's',
      code_challenge: pkcePair().challenge,
      code_challenge_method: 'S256',
    });
    const response = await bank.fetch(`/authorize?${good}`);
    assert.equal(response.status, 200);
    const start = embeddedStart(await response.text());
    assert.equal(start?.view.name, 'login');
    const customer = new Customer(bank);
    customer.transaction = start.transaction;
    assert.equal((await customer.view()).name, 'login');

    good.set('redirect_uri', 'https://evil.example/cb');
    const bad = await bank.fetch(`/authorize?${good}`, { redirect: 'manual' });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('Location'), null);
  });
});

describe('GET /.well-known/oauth-authorization-server (RFC 8414 §2)', () => {
  test('publishes issuer, endpoints, auth methods, S256, iss support, PAR requirement and scopes', async () => {
    const metadata = (await (
      await bank.fetch('/.well-known/oauth-authorization-server')
    ).json()) as Record<string, unknown>;
    assert.equal(metadata.issuer, 'http://127.0.0.1:8787');
    assert.equal(metadata.token_endpoint, 'http://127.0.0.1:8787/token');
    assert.equal(metadata.pushed_authorization_request_endpoint, 'http://127.0.0.1:8787/par');
    assert.equal(metadata.revocation_endpoint, 'http://127.0.0.1:8787/revoke');
    assert.deepEqual(metadata.code_challenge_methods_supported, ['S256']);
    assert.deepEqual(metadata.token_endpoint_auth_methods_supported, [
      'client_secret_basic',
      'private_key_jwt',
    ]);
    assert.equal(metadata.authorization_response_iss_parameter_supported, true);
    // This bank registered one partner for plain requests, so PAR is not required of all.
    assert.equal(metadata.require_pushed_authorization_requests, false);
    assert.deepEqual(metadata.scopes_supported, ['balance', 'transactions']);
  });
});
