import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as oauth from 'oauth4webapi';
import {
  DEMO_ACCOUNTS,
  ISSUER,
  KAKEIBO,
  QUICK,
  authorizeDemo,
  basic,
  exchangeCode,
  postForm,
  pushRequest,
  fapiPartnerRow,
} from './actors.js';
import {
  assertion,
  assertionClaims,
  authorize,
  discover,
  dpopKey,
  dpopProof,
  exchange,
  fapiPartner,
  push,
  signingKey,
  type FapiPartner,
} from './fapi-client.js';
import { d1Rows } from './d1-rows.js';
import { startBank, type Bank } from './harness.js';

/**
 * OpenID Grant Management for OAuth 2.0 as a partner uses it: the `grant_id` of the token
 * response, then GET (query) and DELETE (revoke) on /grants/{grant_id}, authenticated as at the
 * token endpoint and scoped to the partner's own grants.
 * @see https://openid.net/specs/oauth-v2-grant-management.html
 */

const FAPI = 'test-fapi-grants';

let bank: Bank;
let fapi: FapiPartner;

before(async () => {
  const key = await signingKey('ES256');
  bank = await startBank({
    entrypoint: 'test/workers/instrumented-worker.ts',
    extraRows: [await fapiPartnerRow(FAPI, key.publicJwk)],
  });
  fapi = fapiPartner(await discover(bank), FAPI, key);
});
after(() => bank.stop());

interface Tokens {
  access_token: string;
  refresh_token: string;
  grant_id: string;
}

interface GrantResource {
  grant_id: string;
  status: 'active' | 'revoked' | 'expired';
  scopes: { scope: string }[];
  account_ids: string[];
  created_at: number;
  expires_at: number;
  last_used_at: number | null;
  consent_record: string | null;
}

async function linked(partner = KAKEIBO): Promise<{ tokens: Tokens }> {
  const pushed = await pushRequest(bank, partner);
  const { params } = await authorizeDemo(bank, pushed);
  const response = await exchangeCode(bank, pushed, params.code);
  assert.equal(response.status, 200, await response.clone().text());
  return { tokens: (await response.json()) as Tokens };
}

const asPartner = (partner: { clientId: string; secret: string }, method = 'GET') => ({
  method,
  headers: { Authorization: basic(partner.clientId, partner.secret) },
});

async function grantOf(grantId: string, partner = KAKEIBO): Promise<GrantResource> {
  const response = await bank.fetch(`/grants/${grantId}`, asPartner(partner));
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()) as GrantResource;
}

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

const refreshWith = (refreshToken: string, partner = KAKEIBO) =>
  postForm(
    bank,
    '/token',
    { grant_type: 'refresh_token', refresh_token: refreshToken },
    basic(partner.clientId, partner.secret),
  );

describe('the token response carries grant_id (Grant Management, "Token Response")', () => {
  test('the code exchange and every refresh answer the same grant_id', async () => {
    const { tokens } = await linked();
    assert.match(tokens.grant_id, /^[0-9a-f-]{36}$/);
    const refreshed = await refreshWith(tokens.refresh_token);
    assert.equal(refreshed.status, 200);
    assert.equal(((await refreshed.json()) as Tokens).grant_id, tokens.grant_id);
  });

  test('the metadata advertises the endpoint, its actions and the key set (Grant Management §7.1, RFC 8414 §2)', async () => {
    const metadata = (await (
      await bank.fetch('/.well-known/oauth-authorization-server')
    ).json()) as Record<string, unknown>;
    assert.equal(metadata.grant_management_endpoint, `${ISSUER}/grants`);
    assert.deepEqual(metadata.grant_management_actions_supported, [
      'query',
      'revoke',
      'create',
      'merge',
      'replace',
    ]);
    assert.equal(metadata.grant_management_action_required, false);
    assert.equal(metadata.jwks_uri, `${ISSUER}/.well-known/jwks.json`);
  });
});

describe('GET /grants/{grant_id} (Grant Management, "Query Status of a Grant")', () => {
  test('answers an active grant: its scopes, accounts and dates, and no use before the first', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { tokens } = await linked();
    const grant = await grantOf(tokens.grant_id);
    assert.equal(grant.grant_id, tokens.grant_id);
    assert.equal(grant.status, 'active');
    assert.deepEqual(grant.scopes, [{ scope: 'balance transactions' }]);
    assert.ok(grant.account_ids.includes(DEMO_ACCOUNTS.a2000002), grant.account_ids.join());
    assert.ok(grant.created_at >= before && grant.created_at <= Date.now() / 1000);
    assert.equal(grant.expires_at - grant.created_at, 90 * 86_400);
    assert.equal(grant.last_used_at, null);
    assert.match(grant.consent_record ?? '', /^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  test('records the last use by the account API and by a refresh, at most once a minute', async () => {
    const { tokens } = await linked();
    const beforeUse = Math.floor(Date.now() / 1000);
    assert.equal((await bank.fetch('/api/v1/accounts', bearer(tokens.access_token))).status, 200);
    const used = (await grantOf(tokens.grant_id)).last_used_at;
    assert.ok(used !== null && used >= beforeUse, `last_used_at ${used}`);
    // Within the minute, a refresh leaves the recorded use as it is.
    assert.equal((await refreshWith(tokens.refresh_token)).status, 200);
    assert.equal((await grantOf(tokens.grant_id)).last_used_at, used);
  });

  test('a refresh is a use too', async () => {
    const { tokens } = await linked();
    assert.equal((await refreshWith(tokens.refresh_token)).status, 200);
    assert.notEqual((await grantOf(tokens.grant_id)).last_used_at, null);
  });

  test('is answered no-store', async () => {
    const { tokens } = await linked();
    const response = await bank.fetch(`/grants/${tokens.grant_id}`, asPartner(KAKEIBO));
    assert.equal(response.headers.get('Cache-Control'), 'no-store');
  });
});

describe('grants are scoped to their partner (Grant Management, "Error Responses")', () => {
  test('another partner’s grant is 404 invalid_grant_id, like an unknown one', async () => {
    const { tokens } = await linked();
    for (const grantId of [tokens.grant_id, crypto.randomUUID()]) {
      const response = await bank.fetch(`/grants/${grantId}`, asPartner(QUICK));
      assert.equal(response.status, 404);
      assert.equal(((await response.json()) as { error: string }).error, 'invalid_grant_id');
    }
  });

  test('another partner cannot revoke the grant: 404, and the grant stays active', async () => {
    const { tokens } = await linked();
    const response = await bank.fetch(`/grants/${tokens.grant_id}`, asPartner(QUICK, 'DELETE'));
    assert.equal(response.status, 404);
    assert.equal((await grantOf(tokens.grant_id)).status, 'active');
    assert.equal((await bank.fetch('/api/v1/accounts', bearer(tokens.access_token))).status, 200);
  });

  test('without client authentication, or with a wrong secret, it is 401 invalid_client (RFC 6749 §5.2)', async () => {
    const { tokens } = await linked();
    const wrongSecret = { ...KAKEIBO, secret: 'not-the-secret' };
    for (const init of [{}, asPartner(wrongSecret), asPartner(wrongSecret, 'DELETE')]) {
      const response = await bank.fetch(`/grants/${tokens.grant_id}`, init);
      assert.equal(response.status, 401);
      assert.equal(((await response.json()) as { error: string }).error, 'invalid_client');
    }
    assert.equal((await grantOf(tokens.grant_id)).status, 'active');
  });
});

describe('DELETE /grants/{grant_id} (Grant Management, "Revoke Grant")', () => {
  test('answers 204 and revokes every access and refresh token of the grant', async () => {
    const { tokens } = await linked();
    const second = await refreshWith(tokens.refresh_token);
    const secondAccess = ((await second.json()) as Tokens).access_token;

    const response = await bank.fetch(`/grants/${tokens.grant_id}`, asPartner(KAKEIBO, 'DELETE'));
    assert.equal(response.status, 204);

    for (const accessToken of [tokens.access_token, secondAccess]) {
      const api = await bank.fetch('/api/v1/accounts', bearer(accessToken));
      assert.equal(api.status, 401);
      assert.match(api.headers.get('WWW-Authenticate') ?? '', /error="invalid_token"/);
    }
    const refreshed = await refreshWith(tokens.refresh_token);
    assert.equal(refreshed.status, 400);
    assert.equal(((await refreshed.json()) as { error: string }).error, 'invalid_grant');
    assert.equal((await grantOf(tokens.grant_id)).status, 'revoked');
  });

  test('revoking again answers 204 and changes nothing', async () => {
    const { tokens } = await linked();
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await bank.fetch(`/grants/${tokens.grant_id}`, asPartner(KAKEIBO, 'DELETE'));
      assert.equal(response.status, 204);
    }
    assert.equal((await grantOf(tokens.grant_id)).status, 'revoked');
  });

  test('kills the grant’s unredeemed authorization code', async () => {
    const pushed = await pushRequest(bank);
    const { params } = await authorizeDemo(bank, pushed);
    // The partner learns a grant's id from the token response; the test reads it from D1.
    const [{ grant_id: grantId }] = await rows<{ grant_id: string }>(
      'SELECT grant_id FROM grants g JOIN authorization_codes c ON c.grant_id = g.id WHERE c.used_at IS NULL AND g.client_id = ? ORDER BY g.created_at DESC LIMIT 1',
      KAKEIBO.clientId,
    );
    const response = await bank.fetch(`/grants/${grantId}`, asPartner(KAKEIBO, 'DELETE'));
    assert.equal(response.status, 204);
    const exchanged = await exchangeCode(bank, pushed, params.code);
    assert.equal(exchanged.status, 400);
    assert.equal(((await exchanged.json()) as { error: string }).error, 'invalid_grant');
  });
});

describe('a FAPI 2.0 partner manages its grants as it uses the token endpoint', () => {
  /** private_key_jwt in the query (GET and DELETE have no body), a DPoP proof in the header. */
  async function fapiRequest(method: 'GET' | 'DELETE', grantId: string, withProof = true) {
    const url = `${ISSUER}/grants/${grantId}`;
    const clientAssertion = await assertion(
      fapi.key.privateKey,
      'ES256',
      assertionClaims(FAPI),
      fapi.key.publicJwk.kid,
    );
    const query = new URLSearchParams({
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: clientAssertion,
    });
    const headers: Record<string, string> = {};
    if (withProof) {
      headers.DPoP = await dpopProof(await dpopKey(), 'ES256', { htm: method, htu: url });
    }
    return bank.fetch(`/grants/${grantId}?${query}`, { method, headers });
  }

  async function fapiGrantId(): Promise<string> {
    const DPoP = oauth.DPoP(fapi.client, await dpopKey());
    const pushed = await push(bank, fapi, DPoP);
    const callback = await authorize(bank, fapi, pushed);
    const response = await exchange(bank, fapi, pushed, callback, DPoP);
    const tokens = await oauth.processAuthorizationCodeResponse(fapi.as, fapi.client, response);
    assert.equal(typeof tokens.grant_id, 'string');
    return tokens.grant_id as string;
  }

  test('queries and revokes with private_key_jwt and a DPoP proof', async () => {
    const grantId = await fapiGrantId();
    const queried = await fapiRequest('GET', grantId);
    assert.equal(queried.status, 200, await queried.clone().text());
    assert.equal(((await queried.json()) as GrantResource).status, 'active');
    assert.equal((await fapiRequest('DELETE', grantId)).status, 204);
    const after = await fapiRequest('GET', grantId);
    assert.equal(((await after.json()) as GrantResource).status, 'revoked');
  });

  test('without a DPoP proof it is refused (FAPI 2.0 SP §5.3.2.1, RFC 9449 §5)', async () => {
    const grantId = await fapiGrantId();
    const response = await fapiRequest('DELETE', grantId, false);
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { error: string }).error, 'invalid_dpop_proof');
    assert.equal(
      ((await (await fapiRequest('GET', grantId)).json()) as GrantResource).status,
      'active',
    );
  });

  test('a client secret is refused even for its own grant (FAPI 2.0 SP §5.3.2.1)', async () => {
    const grantId = await fapiGrantId();
    const response = await bank.fetch(
      `/grants/${grantId}`,
      asPartner({ clientId: FAPI, secret: 'x' }),
    );
    assert.equal(response.status, 401);
  });
});

const rows = <T = Record<string, unknown>>(sql: string, ...params: unknown[]) =>
  d1Rows<T>(bank, sql, ...params);
