import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as oauth from 'oauth4webapi';
import type { FlowView } from '../../server/flow/types.js';
import {
  ISSUER,
  KAKEIBO,
  QUICK,
  REDIRECT_URI,
  basic,
  Customer,
  exchangeCode,
  flowToConsent,
  partnerRow,
  postForm,
  problemOf,
  pushRequest,
  type PushedRequest,
  fapiPartnerRow,
} from './actors.js';
import {
  authorize,
  callApi,
  challengeOf,
  discover,
  dpopKey,
  exchange,
  fapiPartner,
  push,
  signingKey,
  type FapiPartner,
} from './fapi-client.js';
import { d1Rows } from './d1-rows.js';
import { startBank, type Bank } from './harness.js';

/**
 * Re-consent keeps the grant (OpenID Grant Management for OAuth 2.0): a pushed request with
 * `grant_management_action=replace` (or `merge`) and the `grant_id` of the token response leads
 * to a consent that shows what changes; 許可 keeps the grant id and its accounts' ids, restarts
 * the period and ends everything issued under the old consent. On the instrumented Worker, so a
 * lost D1 answer can be simulated (test/workers/instrumented-worker.ts).
 * @see https://openid.net/specs/oauth-v2-grant-management.html ("Authorization Request")
 */

const BRIEF = { clientId: 'brief-reconsent-partner', secret: 'brief-reconsent-partner-secret' };
const BRIEF_GRANT_SECONDS = 2;
/** A partner registered for plain front-channel requests (not part of the demo). */
const PLAIN = { clientId: 'plain-reconsent-partner', secret: 'plain-reconsent-partner-secret' };
const FAPI = 'test-fapi-reconsent';

let bank: Bank;
let fapi: FapiPartner;
before(async () => {
  const key = await signingKey('ES256');
  bank = await startBank({
    entrypoint: 'test/workers/instrumented-worker.ts',
    extraRows: [
      await partnerRow({
        ...BRIEF,
        redirectUris: [REDIRECT_URI],
        authorizationPeriodDays: BRIEF_GRANT_SECONDS / 86_400,
      }),
      await partnerRow({
        ...PLAIN,
        redirectUris: [REDIRECT_URI],
        allowsPlainAuthorizationRequest: true,
      }),
      await fapiPartnerRow(FAPI, key.publicJwk),
    ],
  });
  fapi = fapiPartner(await discover(bank), FAPI, key);
});
after(() => bank.stop());

type Partner = { clientId: string; secret: string };

interface Tokens {
  access_token: string;
  refresh_token: string;
  grant_id: string;
}

interface GrantResource {
  grant_id: string;
  status: string;
  scopes: { scope: string }[];
  account_ids: string[];
  created_at: number;
  expires_at: number;
}

const LOST_ANSWER = { 'X-Inject-Fault': 'after-d1-batch' };

/** A flow of `demo` (or `loginId`) up to consent, registering a PIN whenever one is asked for. */
const toConsent = (pushed: PushedRequest, options: { loginId?: string; scopes?: string[] } = {}) =>
  flowToConsent(bank, pushed, options);

const allow = (customer: Customer, accountIds: string[], headers = {}) =>
  customer.send('consent', { decision: 'allow', confirmed: true, accountIds }, { headers });

async function callback(response: Response): Promise<Record<string, string>> {
  assert.equal(response.status, 200, await response.clone().text());
  const { view } = (await response.json()) as { view: FlowView };
  assert.equal(view.name, 'complete');
  return (view as Extract<FlowView, { name: 'complete' }>).outcome.params;
}

/** A new grant of `scopes` over the first `accountCount` accounts consent offers, and its tokens. */
async function link({
  scopes = ['balance', 'transactions'],
  accountCount = 1,
  partner = KAKEIBO as Partner,
} = {}) {
  const pushed = await pushRequest(bank, partner, { scope: scopes.join(' ') });
  const { customer, view } = await toConsent(pushed, { scopes });
  const accountIds = view.accounts.slice(0, accountCount).map(({ id }) => id);
  const { code } = await callback(await allow(customer, accountIds));
  const response = await exchangeCode(bank, pushed, code);
  assert.equal(response.status, 200, await response.clone().text());
  return { tokens: (await response.json()) as Tokens, accountIds, offered: view.accounts };
}

/** The pushed request of a re-consent to `grantId`. */
const pushReconsent = (
  grantId: string,
  action: 'replace' | 'merge',
  scopes = ['balance', 'transactions'],
  partner: Partner = KAKEIBO,
) =>
  pushRequest(bank, partner, {
    grant_management_action: action,
    grant_id: grantId,
    scope: scopes.join(' '),
  });

async function grantOf(grantId: string, partner: Partner = KAKEIBO): Promise<GrantResource> {
  const response = await bank.fetch(`/grants/${grantId}`, {
    headers: { Authorization: basic(partner.clientId, partner.secret) },
  });
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()) as GrantResource;
}

/** The grant's end in milliseconds, as D1 holds it (GET /grants answers seconds). */
async function endOf(grantId: string): Promise<number> {
  const [row] = await rows<{ expires_at: number }>(
    'SELECT expires_at FROM grants WHERE id = ?',
    grantId,
  );
  return row.expires_at;
}

const apiStatus = async (accessToken: string) =>
  (await bank.fetch('/api/v1/accounts', { headers: { Authorization: `Bearer ${accessToken}` } }))
    .status;

const refresh = (refreshToken: string, partner: Partner = KAKEIBO) =>
  postForm(
    bank,
    '/token',
    { grant_type: 'refresh_token', refresh_token: refreshToken },
    basic(partner.clientId, partner.secret),
  );

async function parError(overrides: Record<string, string>, partner: Partner = KAKEIBO) {
  const response = await postForm(
    bank,
    '/par',
    {
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      scope: 'balance',
      state: 'state-1',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      ...overrides,
    },
    basic(partner.clientId, partner.secret),
  );
  return { status: response.status, ...((await response.json()) as { error: string }) };
}

describe('replace keeps the grant (Grant Management, grant_management_action=replace)', () => {
  test('the same grant_id continues with the same account ids, the new choice and a new period', async () => {
    const first = await link({ accountCount: 1 });
    const grantId = first.tokens.grant_id;
    const endBefore = await endOf(grantId);
    const pushed = await pushReconsent(grantId, 'replace', ['balance']);
    const { customer, view } = await toConsent(pushed, { scopes: ['balance'] });
    assert.ok(view.accounts.length >= 2, 'a second account to add');
    const kept = first.accountIds[0];
    const added = view.accounts.find(({ id }) => id !== kept)!.id;

    assert.deepEqual(view.change, {
      action: 'replace',
      scopesAdded: [],
      scopesRemoved: [
        {
          name: 'transactions',
          label: { ja: '入出金明細照会', en: 'Transaction history inquiry' },
        },
      ],
      accountIdsBefore: [kept],
      endedOn: view.change!.endedOn,
    });
    assert.match(view.change!.endedOn, /^\d{4}-\d{2}-\d{2}$/);

    const { code, state, iss } = await callback(await allow(customer, [kept, added]));
    assert.equal(state, pushed.state);
    assert.equal(iss, ISSUER);
    const response = await exchangeCode(bank, pushed, code);
    assert.equal(response.status, 200, await response.clone().text());
    const renewed = (await response.json()) as Tokens;
    assert.equal(renewed.grant_id, grantId);

    const grant = await grantOf(grantId);
    assert.equal(grant.status, 'active');
    assert.deepEqual(grant.scopes, [{ scope: 'balance' }]);
    assert.deepEqual(grant.account_ids, [kept, added].sort());
    assert.ok((await endOf(grantId)) > endBefore, 'the period restarted');
    assert.equal(await apiStatus(renewed.access_token), 200);
  });

  test('every token and unredeemed code of the old consent stops working (401 invalid_token, invalid_grant)', async () => {
    const first = await link();
    const grantId = first.tokens.grant_id;
    // A code of the grant that the partner has not redeemed yet: a first re-consent's.
    const unredeemedPush = await pushReconsent(grantId, 'replace');
    const unredeemed = await toConsent(unredeemedPush);
    const oldCode = (await callback(await allow(unredeemed.customer, first.accountIds))).code;

    const pushed = await pushReconsent(grantId, 'replace');
    const { customer } = await toConsent(pushed);
    const { code } = await callback(await allow(customer, first.accountIds));

    const api = await bank.fetch('/api/v1/accounts', {
      headers: { Authorization: `Bearer ${first.tokens.access_token}` },
    });
    assert.equal(api.status, 401);
    assert.match(api.headers.get('WWW-Authenticate') ?? '', /error="invalid_token"/);
    const refreshed = await refresh(first.tokens.refresh_token);
    assert.equal(refreshed.status, 400);
    assert.equal(((await refreshed.json()) as { error: string }).error, 'invalid_grant');
    const late = await exchangeCode(bank, unredeemedPush, oldCode);
    assert.equal(late.status, 400);
    assert.equal(((await late.json()) as { error: string }).error, 'invalid_grant');

    // The new consent's code works, and its tokens are of the same grant.
    const response = await exchangeCode(bank, pushed, code);
    assert.equal(response.status, 200, await response.clone().text());
    const renewed = (await response.json()) as Tokens;
    assert.equal(renewed.grant_id, grantId);
    assert.equal(await apiStatus(renewed.access_token), 200);
    assert.equal((await refresh(renewed.refresh_token)).status, 200);
  });

  test('a new signed consent record says renewed, with the new services and period', async () => {
    const first = await link();
    const pushed = await pushReconsent(first.tokens.grant_id, 'replace', ['balance']);
    const { customer } = await toConsent(pushed, { scopes: ['balance'] });
    await callback(await allow(customer, first.accountIds));
    const records = await rows<{ status: string; claims: string }>(
      'SELECT status, claims FROM consent_records WHERE grant_id = ? ORDER BY recorded_at',
      first.tokens.grant_id,
    );
    assert.deepEqual(
      records.map(({ status }) => status),
      ['given', 'renewed'],
    );
    const claims = JSON.parse(records[1].claims) as {
      grant_id: string;
      services: { scope: string }[];
      period: { end: string };
    };
    assert.equal(claims.grant_id, first.tokens.grant_id);
    assert.deepEqual(
      claims.services.map(({ scope }) => scope),
      ['balance'],
    );
    assert.equal(Date.parse(claims.period.end), await endOf(first.tokens.grant_id));
  });
});

describe('a FAPI 2.0 partner re-consents as it links: PAR with private_key_jwt and DPoP', () => {
  test('replace with a DPoP-bound code keeps the grant_id, and the old DPoP-bound token stops working', async () => {
    const DPoP = oauth.DPoP(fapi.client, await dpopKey());
    const linked = await push(bank, fapi, DPoP);
    const first = await oauth.processAuthorizationCodeResponse(
      fapi.as,
      fapi.client,
      await exchange(bank, fapi, linked, await authorize(bank, fapi, linked), DPoP),
    );
    const grantId = first.grant_id as string;
    const pushed = await push(bank, fapi, DPoP, {
      grant_management_action: 'replace',
      grant_id: grantId,
    });
    const renewed = await oauth.processAuthorizationCodeResponse(
      fapi.as,
      fapi.client,
      await exchange(bank, fapi, pushed, await authorize(bank, fapi, pushed), DPoP),
    );
    assert.equal(renewed.grant_id, grantId);
    const api = (token: string) => callApi(bank, '/api/v1/accounts', token, DPoP);
    assert.equal((await api(renewed.access_token)).status, 200);
    const refused = await challengeOf(api(first.access_token));
    assert.deepEqual(
      { status: refused.status, error: refused.parameters.error },
      { status: 401, error: 'invalid_token' },
    );
  });
});

describe('merge adds to the grant (Grant Management, grant_management_action=merge)', () => {
  test('the grant covers the union of its services and accounts and this consent’s', async () => {
    const first = await link({ scopes: ['balance'], accountCount: 1 });
    const grantId = first.tokens.grant_id;
    const pushed = await pushReconsent(grantId, 'merge', ['transactions']);
    const { customer, view } = await toConsent(pushed, { scopes: ['transactions'] });
    const kept = first.accountIds[0];
    const added = view.accounts.find(({ id }) => id !== kept)!.id;
    assert.equal(view.change?.action, 'merge');
    assert.deepEqual(
      view.change?.scopesAdded.map(({ name }) => name),
      ['transactions'],
    );
    assert.deepEqual(view.change?.scopesRemoved, []);
    assert.deepEqual(
      view.scopes.map(({ name }) => name),
      ['balance', 'transactions'],
    );

    const { code } = await callback(await allow(customer, [added]));
    const response = await exchangeCode(bank, pushed, code);
    assert.equal(((await response.json()) as Tokens).grant_id, grantId);
    const grant = await grantOf(grantId);
    assert.deepEqual(grant.scopes, [{ scope: 'balance transactions' }]);
    assert.deepEqual(grant.account_ids, [kept, added].sort());
  });
});

describe('a grant_id the partner may not re-consent to is refused (Grant Management, "Error Responses")', () => {
  test('another partner’s grant, an unknown one and a revoked one are 400 invalid_grant_id at PAR', async () => {
    const { tokens } = await link();
    const unknown = crypto.randomUUID();
    for (const [grantId, partner] of [
      [tokens.grant_id, QUICK],
      [unknown, KAKEIBO],
    ] as const) {
      const refused = await parError(
        { grant_management_action: 'replace', grant_id: grantId },
        partner,
      );
      assert.deepEqual(
        { status: refused.status, error: refused.error },
        { status: 400, error: 'invalid_grant_id' },
      );
    }
    const revoked = await bank.fetch(`/grants/${tokens.grant_id}`, {
      method: 'DELETE',
      headers: { Authorization: basic(KAKEIBO.clientId, KAKEIBO.secret) },
    });
    assert.equal(revoked.status, 204);
    const refused = await parError({ grant_management_action: 'merge', grant_id: tokens.grant_id });
    assert.deepEqual(
      { status: refused.status, error: refused.error },
      { status: 400, error: 'invalid_grant_id' },
    );
  });

  test('replace and merge need a grant_id, create takes none, and other actions are unknown: 400 invalid_request', async () => {
    const grantId = crypto.randomUUID();
    const invalid: Record<string, string>[] = [
      { grant_management_action: 'replace' },
      { grant_management_action: 'merge' },
      { grant_management_action: 'create', grant_id: grantId },
      { grant_management_action: 'update', grant_id: grantId },
      { grant_id: grantId },
    ];
    for (const overrides of invalid) {
      const refused = await parError(overrides);
      assert.deepEqual(
        { status: refused.status, error: refused.error },
        { status: 400, error: 'invalid_request' },
        JSON.stringify(overrides),
      );
    }
    assert.equal((await parError({ grant_management_action: 'create' })).status, 201);
  });

  test('a grant revoked while the customer decides: 許可 commits nothing and ends with invalid_grant_id', async () => {
    const { tokens, accountIds } = await link();
    const pushed = await pushReconsent(tokens.grant_id, 'replace', ['balance']);
    const { customer } = await toConsent(pushed, { scopes: ['balance'] });
    const revoked = await bank.fetch(`/grants/${tokens.grant_id}`, {
      method: 'DELETE',
      headers: { Authorization: basic(KAKEIBO.clientId, KAKEIBO.secret) },
    });
    assert.equal(revoked.status, 204);
    const before = await grantOf(tokens.grant_id);
    const response = await allow(customer, accountIds);
    assert.equal(response.status, 403);
    const problem = (await problemOf(response)) as {
      code: string;
      outcome?: { params: Record<string, string> };
    };
    assert.equal(problem.code, 'grant_unavailable');
    assert.deepEqual(problem.outcome?.params, {
      error: 'invalid_grant_id',
      state: pushed.state,
      iss: ISSUER,
    });
    assert.deepEqual(await grantOf(tokens.grant_id), before);
    const codes = await rows(
      'SELECT 1 FROM authorization_codes WHERE grant_id = ? AND used_at IS NULL',
      tokens.grant_id,
    );
    assert.equal(codes.length, 0);
  });

  test('a plain request (no PAR) with an unknown grant_id is refused on the error page, like at PAR', async () => {
    const query = new URLSearchParams({
      client_id: PLAIN.clientId,
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      scope: 'balance',
      state: 's',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      grant_management_action: 'replace',
      grant_id: crypto.randomUUID(),
    });
    const response = await bank.fetch(`/authorize?${query}`, { redirect: 'manual' });
    assert.equal(response.status, 400);
    assert.match(await response.text(), /invalid_grant_id/);
  });

  test('another customer’s grant ends the flow at login: error=invalid_grant_id with state and iss', async () => {
    const { tokens } = await link();
    const before = await grantOf(tokens.grant_id);
    const pushed = await pushReconsent(tokens.grant_id, 'replace');
    const customer = new Customer(bank);
    assert.equal((await customer.start(pushed)).status, 201);
    const response = await customer.send('login', { loginId: 'demo-risk', password: 'demo1234' });
    assert.equal(response.status, 403);
    const problem = await problemOf(response);
    assert.equal(problem.code, 'grant_unavailable');
    const { outcome } = problem as { outcome?: { params: Record<string, string> } };
    assert.deepEqual(outcome?.params, {
      error: 'invalid_grant_id',
      state: pushed.state,
      iss: ISSUER,
    });
    assert.equal((await customer.view()).name, 'complete');
    assert.deepEqual(await grantOf(tokens.grant_id), before);
    assert.equal(await apiStatus(tokens.access_token), 200);
  });

  test('a grant revoked after PAR ends the flow at login the same way', async () => {
    const { tokens } = await link();
    const pushed = await pushReconsent(tokens.grant_id, 'replace');
    const revoked = await bank.fetch(`/grants/${tokens.grant_id}`, {
      method: 'DELETE',
      headers: { Authorization: basic(KAKEIBO.clientId, KAKEIBO.secret) },
    });
    assert.equal(revoked.status, 204);
    const customer = new Customer(bank);
    assert.equal((await customer.start(pushed)).status, 201);
    const response = await customer.send('login', { loginId: 'demo', password: 'demo1234' });
    const problem = (await problemOf(response)) as { outcome?: { params: Record<string, string> } };
    assert.equal(response.status, 403);
    assert.equal(problem.outcome?.params.error, 'invalid_grant_id');
    assert.equal((await grantOf(tokens.grant_id)).status, 'revoked');
  });
});

describe('拒否 and lost answers leave the grant whole', () => {
  test('拒否 on a re-consent leaves the grant exactly as it was, and its tokens working', async () => {
    const first = await link();
    const grantId = first.tokens.grant_id;
    const before = await grantOf(grantId);
    const endBefore = await endOf(grantId);
    const pushed = await pushReconsent(grantId, 'replace', ['balance']);
    const { customer, view } = await toConsent(pushed, { scopes: ['balance'] });
    const denied = await callback(
      await customer.send('consent', {
        decision: 'deny',
        confirmed: false,
        accountIds: view.accounts.map(({ id }) => id),
      }),
    );
    assert.equal(denied.error, 'access_denied');
    assert.deepEqual(await grantOf(grantId), before);
    assert.equal(await endOf(grantId), endBefore);
    assert.equal(await apiStatus(first.tokens.access_token), 200);
    assert.equal((await refresh(first.tokens.refresh_token)).status, 200);
  });

  test('a 許可 whose D1 answer was lost, then retried, re-consents once with the code it committed', async () => {
    const first = await link();
    const grantId = first.tokens.grant_id;
    const pushed = await pushReconsent(grantId, 'replace', ['balance']);
    const { customer, view } = await toConsent(pushed, { scopes: ['balance'] });
    const accountIds = view.accounts.map(({ id }) => id);
    assert.equal((await allow(customer, accountIds, LOST_ANSWER)).status, 503);
    assert.equal((await allow(customer, accountIds, LOST_ANSWER)).status, 503);
    assert.equal((await customer.view()).name, 'consent');
    const endAfterFirst = await endOf(grantId);
    const { code } = await callback(await allow(customer, accountIds));

    const snapshots = await rows('SELECT 1 FROM grant_snapshots WHERE grant_id = ?', grantId);
    assert.equal(snapshots.length, 1);
    assert.equal(await endOf(grantId), endAfterFirst, 'the retries changed nothing further');
    const records = await rows<{ status: string }>(
      'SELECT status FROM consent_records WHERE grant_id = ?',
      grantId,
    );
    assert.deepEqual(records.map(({ status }) => status).sort(), ['given', 'renewed']);
    const response = await exchangeCode(bank, pushed, code);
    assert.equal(response.status, 200, await response.clone().text());
    assert.equal(((await response.json()) as Tokens).grant_id, grantId);
    assert.deepEqual((await grantOf(grantId)).account_ids, [...accountIds].sort());
  });

  test('拒否 after a lost 許可 restores the grant’s services, accounts and period, and kills its code', async () => {
    const first = await link({ accountCount: 1 });
    const grantId = first.tokens.grant_id;
    const before = await grantOf(grantId);
    const endBefore = await endOf(grantId);
    const pushed = await pushReconsent(grantId, 'replace', ['balance']);
    const { customer, view } = await toConsent(pushed, { scopes: ['balance'] });
    const accountIds = view.accounts.map(({ id }) => id);
    assert.equal((await allow(customer, accountIds, LOST_ANSWER)).status, 503);
    // The re-consent did land before its answer was lost.
    assert.deepEqual((await grantOf(grantId)).scopes, [{ scope: 'balance' }]);
    const [{ code_hash: codeHash }] = await rows<{ code_hash: string }>(
      'SELECT code_hash FROM authorization_codes WHERE grant_id = ? AND used_at IS NULL',
      grantId,
    );

    const denied = await callback(
      await customer.send('consent', { decision: 'deny', confirmed: false }),
    );
    assert.equal(denied.error, 'access_denied');
    assert.deepEqual(await grantOf(grantId), before);
    assert.equal(await endOf(grantId), endBefore);
    const codes = await rows('SELECT 1 FROM authorization_codes WHERE code_hash = ?', codeHash);
    assert.equal(codes.length, 0);
    const records = await rows<{ status: string }>(
      'SELECT status FROM consent_records WHERE grant_id = ?',
      grantId,
    );
    assert.deepEqual(
      records.map(({ status }) => status),
      ['given'],
    );
    // The flow is over, and a late 許可 writes nothing.
    assert.equal((await problemOf(await allow(customer, accountIds))).code, 'step_not_allowed');
    assert.deepEqual(await grantOf(grantId), before);
  });
});

describe('renewal after the period (the main use of re-consent)', () => {
  test('an expired grant may be re-consented: the same grant_id, active again with a new end', async () => {
    const { tokens, accountIds } = await link({ partner: BRIEF });
    const grantId = tokens.grant_id;
    const endBefore = await endOf(grantId);
    // Its period is seconds long: wait, boundedly, until it has passed.
    for (let polls = 0; (await grantOf(grantId, BRIEF)).status !== 'expired'; polls++) {
      assert.ok(polls < 50, 'the grant expires');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const renewalStarted = Date.now();
    const pushed = await pushReconsent(grantId, 'replace', ['balance'], BRIEF);
    const { customer, view } = await toConsent(pushed, { scopes: ['balance'] });
    assert.equal(view.change?.action, 'replace');
    const { code } = await callback(await allow(customer, accountIds));
    const response = await exchangeCode(bank, pushed, code);
    assert.equal(((await response.json()) as Tokens).grant_id, grantId);
    const endAfter = await endOf(grantId);
    assert.ok(endAfter > endBefore && endAfter >= renewalStarted, 'a new period from the renewal');
  });
});

const rows = <T = Record<string, unknown>>(sql: string, ...params: unknown[]) =>
  d1Rows<T>(bank, sql, ...params);
