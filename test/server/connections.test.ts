import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_CERT_FINGERPRINT } from '../../demo/bank-data.js';
import { hashSecret } from '../../server/crypto/password-hash.js';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import type { ConnectionView, ConsentRecordView, ManageView } from '../../server/manage/types.js';
import {
  authorizeDemo,
  basic,
  exchangeCode,
  ISSUER,
  KAKEIBO,
  postForm,
  problemOf,
  pushRequest,
  verifiedCertificate,
} from './actors.js';
import { startBank, type Bank } from './harness.js';

/**
 * 連携サービス一覧 on workerd: the customer logs in to /manage with the flow's login, lockout and
 * risk policy, lists their own grants and revokes one, which stops the partner at once.
 */
let bank: Bank;
before(async () => {
  bank = await startBank({
    entrypoint: 'test/workers/instrumented-worker.ts',
    extraRows: [
      {
        // Flagged for additional authentication, with no question registered.
        sql: `INSERT INTO bank_customers (id, login_id, password_hash, requires_step_up)
              VALUES ('cust-no-question', 'no-question', ?, 1)`,
        params: [await hashSecret('demo1234')],
      },
    ],
  });
});
after(() => bank.stop());

/** The widget's calls in its manage mode. */
class Manager {
  session = '';
  constructor(private readonly headers: Record<string, string> = {}) {}

  async start(): Promise<ManageView> {
    const response = await bank.fetch('/manage/start', { method: 'POST', headers: this.headers });
    assert.equal(response.status, 201, await response.clone().text());
    const body = (await response.json()) as { transaction: string; view: ManageView };
    this.session = body.transaction;
    return body.view;
  }

  send(path: string, body: unknown = {}, init: { cf?: Record<string, unknown> } = {}) {
    return bank.fetch(`/manage/${path}`, {
      method: 'POST',
      body: JSON.stringify(body),
      ...init,
      headers: {
        ...this.headers,
        'Content-Type': 'application/json',
        'X-Transaction': this.session,
      },
    });
  }

  async expectView(path: string, body: unknown = {}, init = {}): Promise<ManageView> {
    const response = await this.send(path, body, init);
    assert.equal(response.status, 200, `${path}: ${await response.clone().text()}`);
    assert.equal(response.headers.get('Cache-Control'), 'no-store');
    return ((await response.json()) as { view: ManageView }).view;
  }

  async view(): Promise<ManageView> {
    const response = await bank.fetch('/manage/view', {
      headers: { 'X-Transaction': this.session },
    });
    assert.equal(response.status, 200, await response.clone().text());
    return ((await response.json()) as { view: ManageView }).view;
  }
}

function connections(view: ManageView) {
  assert.equal(view.name, 'connections');
  return view as Extract<ManageView, { name: 'connections' }>;
}

async function loggedIn(loginId = 'demo'): Promise<Manager> {
  const manager = new Manager();
  await manager.start();
  connections(await manager.expectView('login', { loginId, password: 'demo1234' }));
  return manager;
}

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

async function linkedPartner(loginId = 'demo') {
  const pushed = await pushRequest(bank);
  const { params } = await authorizeDemo(bank, pushed, { loginId });
  const tokens = (await (await exchangeCode(bank, pushed, params.code)).json()) as {
    access_token: string;
    refresh_token: string;
  };
  return { pushed, tokens };
}

describe('GET /connections', () => {
  test('serves the element in manage mode on a page nobody may frame (CSP frame-ancestors)', async () => {
    const response = await bank.fetch('/connections');
    assert.equal(response.status, 200);
    const csp = response.headers.get('Content-Security-Policy') ?? '';
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(response.headers.get('X-Frame-Options'), 'DENY');
    assert.equal(response.headers.get('Cache-Control'), 'no-store');
    assert.match(await response.text(), /<api-link-auth-flow mode="manage" lang="ja">/);
  });
});

describe('the list and 連携解除', () => {
  test('lists the customer’s active grant with partner, services, accounts, dates and last use', async () => {
    const { tokens } = await linkedPartner();
    const manager = await loggedIn();
    const unused = connections(await manager.view()).active[0];
    assert.equal(unused.lastUsedAt, null);
    const usedAt = Date.now();
    assert.equal((await bank.fetch('/api/v1/accounts', bearer(tokens.access_token))).status, 200);
    const { active } = connections(await manager.view());
    const grant = active[0];
    assert.equal(grant.grantId, unused.grantId);
    assert.ok(grant.lastUsedAt! >= usedAt - 1000, String(grant.lastUsedAt));
    assert.equal(grant.service.ja, 'かんたん家計簿');
    assert.equal(grant.company.ja, 'デモフィンテック株式会社');
    assert.deepEqual(
      grant.scopes.map((scope) => scope.label.ja),
      ['残高照会', '入出金明細照会'],
    );
    assert.ok(grant.accounts.length > 0);
    assert.match(grant.createdOn, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(grant.daysLeft === 90 || grant.daysLeft === 91, String(grant.daysLeft));
    assert.equal(grant.expiringSoon, false);
    assert.equal(grant.revokedOn, null);
  });

  test('revokes a grant at once: the access token gets 401 and the refresh token invalid_grant', async () => {
    const { tokens } = await linkedPartner();
    const manager = await loggedIn();
    const before = connections(await manager.view());
    const grant = before.active[0];
    const after = connections(await manager.expectView(`grants/${grant.grantId}/revoke`));
    assert.ok(!after.active.some((g) => g.grantId === grant.grantId));
    const revoked = after.revoked.find((g) => g.grantId === grant.grantId) as ConnectionView;
    assert.match(revoked.revokedOn!, /^\d{4}-\d{2}-\d{2}$/);

    const api = await bank.fetch('/api/v1/accounts', bearer(tokens.access_token));
    assert.equal(api.status, 401);
    assert.match(api.headers.get('WWW-Authenticate') ?? '', /invalid_token/);
    const refresh = await postForm(
      bank,
      '/token',
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token },
      basic(KAKEIBO.clientId, KAKEIBO.secret),
    );
    assert.equal(refresh.status, 400);
    assert.equal(((await refresh.json()) as { error: string }).error, 'invalid_grant');

    const again = await manager.send(`grants/${grant.grantId}/revoke`);
    assert.equal(again.status, 404);
    assert.equal((await problemOf(again)).code, 'grant_not_found');
  });

  test('another customer’s grant cannot be revoked, nor seen', async () => {
    const { tokens } = await linkedPartner('demo-cert');
    const owner = await loggedIn('demo-cert');
    const [grant] = connections(await owner.view()).active;

    const other = await loggedIn('demo');
    assert.ok(!connections(await other.view()).active.some((g) => g.grantId === grant.grantId));
    const refused = await other.send(`grants/${grant.grantId}/revoke`);
    assert.equal(refused.status, 404);
    assert.equal((await problemOf(refused)).code, 'grant_not_found');
    assert.equal((await bank.fetch('/api/v1/accounts', bearer(tokens.access_token))).status, 200);
  });

  test('nothing is listed or revoked before login (409), nor without a session (400)', async () => {
    const manager = new Manager();
    assert.equal((await manager.start()).name, 'login');
    const early = await manager.send('grants/any/revoke');
    assert.equal(early.status, 409);
    assert.equal((await problemOf(early)).code, 'step_not_allowed');
    const anonymous = await bank.fetch('/manage/view');
    assert.equal(anonymous.status, 400);
    assert.equal((await problemOf(anonymous)).code, 'invalid_request');
  });

  test('an unknown session is expired (410), and a malformed body a 400 problem', async () => {
    const manager = new Manager();
    manager.session = 'A'.repeat(43);
    const response = await manager.send('login', { loginId: 'demo', password: 'demo1234' });
    assert.equal(response.status, 410);
    assert.equal((await problemOf(response)).code, 'transaction_expired');
    await manager.start();
    const malformed = await manager.send('login', { password: 42 });
    assert.equal(malformed.status, 400);
    assert.equal((await problemOf(malformed)).code, 'invalid_request');
  });
});

describe('同意記録 (the customer’s signed consent records)', () => {
  const records = (manager: Manager, grantId: string) =>
    bank.fetch(`/manage/grants/${grantId}/consent-records`, {
      headers: { 'X-Transaction': manager.session },
    });

  async function recordsOf(manager: Manager, grantId: string): Promise<ConsentRecordView[]> {
    const response = await records(manager, grantId);
    assert.equal(response.status, 200, await response.clone().text());
    assert.equal(response.headers.get('Cache-Control'), 'no-store');
    return ((await response.json()) as { records: ConsentRecordView[] }).records;
  }

  test('opens the customer’s own grant’s records, which verify with the published key; after 連携解除 its withdrawal too', async () => {
    await linkedPartner();
    const manager = await loggedIn();
    const [grant] = connections(await manager.view()).active;
    const given = await recordsOf(manager, grant.grantId);
    assert.deepEqual(
      given.map((record) => record.status),
      ['given'],
    );
    const jwks = createLocalJWKSet(
      (await (await bank.fetch('/.well-known/jwks.json')).json()) as JSONWebKeySet,
    );
    const { payload } = await jwtVerify(given[0].jws, jwks, {
      issuer: ISSUER,
      algorithms: ['ES256'],
      typ: 'consent-record+jwt',
    });
    assert.equal(payload.grant_id, grant.grantId);
    assert.deepEqual(payload, {
      ...given[0].claims,
      iss: ISSUER,
      iat: payload.iat,
      jti: payload.jti,
    });

    await manager.expectView(`grants/${grant.grantId}/revoke`);
    const ended = await recordsOf(manager, grant.grantId);
    assert.deepEqual(
      ended.map((record) => [record.status, record.claims.method]),
      [
        ['given', 'web-form'],
        ['withdrawn', 'web-form'],
      ],
    );
  });

  test('another customer’s grant has no records to offer (404 grant_not_found), nor has an unknown id', async () => {
    await linkedPartner('demo-cert');
    const owner = await loggedIn('demo-cert');
    const [grant] = connections(await owner.view()).active;
    assert.equal((await recordsOf(owner, grant.grantId)).length, 1);

    const other = await loggedIn('demo');
    for (const grantId of [grant.grantId, 'no-such-grant']) {
      const refused = await records(other, grantId);
      assert.equal(refused.status, 404);
      assert.equal((await problemOf(refused)).code, 'grant_not_found');
    }
  });

  test('nothing before login (409 step_not_allowed)', async () => {
    await linkedPartner();
    const owner = await loggedIn();
    const [grant] = connections(await owner.view()).active;
    const early = new Manager();
    await early.start();
    const refused = await records(early, grant.grantId);
    assert.equal(refused.status, 409);
    assert.equal((await problemOf(refused)).code, 'step_not_allowed');
  });
});

describe('the same login', () => {
  test('certificate, then password', async () => {
    const manager = new Manager();
    await manager.start();
    const login = await manager.expectView(
      'certificate',
      {},
      verifiedCertificate(DEMO_CERT_FINGERPRINT),
    );
    assert.deepEqual(login, {
      name: 'login',
      methods: ['password'],
      certificateRecognized: true,
    });
    connections(await manager.expectView('login', { password: 'demo1234' }));
  });

  test('a revoked certificate names nobody (401 certificate_not_recognized)', async () => {
    const manager = new Manager();
    await manager.start();
    const response = await manager.send(
      'certificate',
      {},
      verifiedCertificate(DEMO_CERT_FINGERPRINT, { certRevoked: '1' }),
    );
    assert.equal(response.status, 401);
    assert.equal((await problemOf(response)).code, 'certificate_not_recognized');
  });

  test('additional authentication asked for but not possible: fails closed (403)', async () => {
    const manager = new Manager();
    await manager.start();
    const response = await manager.send('login', { loginId: 'no-question', password: 'demo1234' });
    assert.equal(response.status, 403);
    assert.equal((await problemOf(response)).code, 'additional_auth_unavailable');
    assert.equal((await manager.view()).name, 'login');
  });

  test('the question when the risk policy asks; a right answer opens the list', async () => {
    const manager = new Manager();
    await manager.start();
    const question = await manager.expectView('login', {
      loginId: 'demo-risk',
      password: 'demo1234',
    });
    assert.equal(question.name, 'additional-auth');
    const wrong = await manager.send('answer', { answer: '8' });
    assert.equal(wrong.status, 401);
    assert.equal((await problemOf(wrong)).attemptsLeft, 2);
    connections(await manager.expectView('answer', { answer: '7' }));
  });

  test('three wrong answers end the session (410 transaction_ended)', async () => {
    const manager = new Manager();
    await manager.start();
    await manager.expectView('login', { loginId: 'demo-risk', password: 'demo1234' });
    const statuses = [];
    for (const answer of ['1', '2', '3']) {
      statuses.push((await manager.send('answer', { answer })).status);
    }
    assert.deepEqual(statuses, [401, 401, 410]);
    const after = await manager.send('answer', { answer: '7' });
    assert.equal(after.status, 410);
    assert.equal((await problemOf(after)).code, 'transaction_expired');
    // A success clears the login lockout's count of the three wrong answers.
    connections(
      await (async () => {
        const fresh = new Manager();
        await fresh.start();
        await fresh.expectView('login', { loginId: 'demo-risk', password: 'demo1234' });
        return fresh.expectView('answer', { answer: '7' });
      })(),
    );
  });

  test('20 wrong passwords at once for one login ID: 5 are checked, the right one after is refused', async () => {
    const managers = Array.from({ length: 20 }, () => new Manager());
    await Promise.all(managers.map((manager) => manager.start()));
    const checks = async () =>
      ((await (await bank.fetch('/test-only/secret-checks')).json()) as { password: number })
        .password;
    const before = await checks();
    const responses = await Promise.all(
      managers.map((manager, i) => manager.send('login', { loginId: 'demo', password: `x${i}` })),
    );
    assert.equal((await checks()) - before, 5);
    const codes = responses.map((response) => response.status).sort((a, b) => a - b);
    assert.deepEqual(codes.slice(0, 5), [401, 401, 401, 401, 423]);
    assert.ok(
      codes.slice(5).every((status) => status === 423 || status === 429),
      `${codes}`,
    );

    const right = new Manager();
    await right.start();
    const refused = await right.send('login', { loginId: 'demo', password: 'demo1234' });
    assert.equal(refused.status, 423);
    assert.equal((await problemOf(refused)).code, 'account_locked');
  });
});

describe('the management session', () => {
  test('ends after the idle time (TRANSACTION_IDLE_SECONDS): 410 transaction_expired', async () => {
    const idleBank = await startBank({ vars: { TRANSACTION_IDLE_SECONDS: '1' } });
    try {
      const start = await idleBank.fetch('/manage/start', { method: 'POST' });
      const { transaction } = (await start.json()) as { transaction: string };
      const view = () =>
        idleBank.fetch('/manage/view', { headers: { 'X-Transaction': transaction } });
      assert.equal((await view()).status, 200);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const expired = await view();
      assert.equal(expired.status, 410);
      assert.equal((await problemOf(expired)).code, 'transaction_expired');
    } finally {
      await idleBank.stop();
    }
  });
});
