import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FlowView } from '../../server/flow/types.js';
import {
  authorizeDemo,
  Customer,
  DEMO_ACCOUNTS,
  exchangeCode,
  ISSUER,
  problemOf,
  pushRequest,
  QUICK,
  REDIRECT_URI,
} from './actors.js';
import { startBank, type Bank } from './harness.js';

let bank: Bank;
before(async () => {
  bank = await startBank();
});
after(() => bank.stop());

const named = <N extends FlowView['name']>(view: FlowView, name: N) => {
  assert.equal(view.name, name);
  return view as Extract<FlowView, { name: N }>;
};

describe('the flow of docs/flow.md, step by step', () => {
  test('runs login → services → PINs → result → add more → result → consent → callback with code, state and iss', async () => {
    const pushed = await pushRequest(bank);
    const customer = new Customer(bank);
    const started = await customer.start(pushed);
    assert.equal(started.status, 201);
    assert.equal(started.headers.get('Cache-Control'), 'no-store');
    const login = named(((await started.json()) as { view: FlowView }).view, 'login');
    assert.deepEqual(login.methods, ['certificate', 'password']);

    const scopeSelect = named(
      await customer.expectView('login', { loginId: 'demo', password: 'demo1234' }),
      'scope-select',
    );
    assert.deepEqual(
      scopeSelect.scopes.map((scope) => scope.label.ja),
      ['残高照会', '入出金明細照会'],
    );

    const pinRegister = named(
      await customer.expectView('scopes', { scopes: ['balance'] }),
      'pin-register',
    );
    assert.deepEqual(
      pinRegister.accounts.map((a) => [
        `${a.branchName.ja} (${a.branchCode}) ${a.accountType.ja} ${a.accountNumber}`,
        a.memo,
        a.status,
      ]),
      [
        ['インターネット支店 (001) 普通 2000002', '生活費', 'unregistered'],
        ['インターネット支店 (202) 普通 1111111', null, 'unregistered'],
        ['インターネット支店 (202) 普通 2222222', null, 'registered'],
        ['都庁支店 (456) 普通 1000314', '給与口座', 'unregistered'],
      ],
    );

    const registered = await customer.send('pins', {
      pins: [{ accountId: DEMO_ACCOUNTS.a2000002, pin: '1234' }],
    });
    assert.equal(registered.headers.get('Cache-Control'), 'no-store');
    const result = named(((await registered.json()) as { view: FlowView }).view, 'pin-result');
    assert.deepEqual(result.registeredAccountIds, [DEMO_ACCOUNTS.a2000002]);
    assert.equal(result.accounts[0].status, 'staged');
    assert.equal(result.canAddMore, true);

    named(await customer.expectView('pins/add-more'), 'pin-register');
    const secondResult = named(
      await customer.expectView('pins', {
        pins: [{ accountId: DEMO_ACCOUNTS.a1000314, pin: '1234' }],
      }),
      'pin-result',
    );
    assert.deepEqual(
      secondResult.accounts.map((a) => a.status),
      ['staged', 'unregistered', 'registered', 'staged'],
    );

    const consent = named(await customer.expectView('pins/confirm'), 'consent');
    assert.equal(consent.service.ja, 'かんたん家計簿');
    assert.equal(consent.company.ja, 'デモフィンテック株式会社');
    assert.deepEqual(
      consent.scopes.map((s) => s.name),
      ['balance'],
    );
    assert.equal(consent.periodDays, 90);
    const expectedEnd = new Date(Date.now() + 90 * 86_400_000 + 9 * 3_600_000)
      .toISOString()
      .slice(0, 10);
    assert.equal(consent.endsOn, expectedEnd);
    assert.equal(consent.termsUrl, 'http://localhost:8788/terms');

    const complete = named(
      await customer.expectView('consent', { decision: 'allow', confirmed: true }),
      'complete',
    );
    assert.equal(complete.outcome.redirectUri, REDIRECT_URI);
    assert.equal(complete.outcome.params.state, pushed.state);
    assert.equal(complete.outcome.params.iss, ISSUER);
    assert.match(complete.outcome.params.code, /^[A-Za-z0-9_-]{43}$/);

    const tokens = await exchangeCode(bank, pushed, complete.outcome.params.code);
    assert.equal(tokens.status, 200);
    const { access_token, scope } = (await tokens.json()) as {
      access_token: string;
      scope: string;
    };
    assert.equal(scope, 'balance');
    const accounts = await bank.fetch('/api/v1/accounts', {
      headers: { Authorization: `Bearer ${access_token}` },
    });
    const listed = ((await accounts.json()) as { accounts: { id: string }[] }).accounts.map(
      (a) => a.id,
    );
    assert.deepEqual(listed, [
      DEMO_ACCOUNTS.a2000002,
      DEMO_ACCOUNTS.a2222222,
      DEMO_ACCOUNTS.a1000314,
    ]);
  });

  test('skips service selection for a partner configured without it, granting every requested scope', async () => {
    const pushed = await pushRequest(bank, QUICK);
    const customer = new Customer(bank);
    await customer.start(pushed);
    const view = await customer.expectView('login', { loginId: 'demo-cert', password: 'demo1234' });
    assert.equal(view.name, 'pin-register');
    await customer.expectView('pins', {
      pins: [{ accountId: 'cust-demo-cert-202-1111111', pin: '1234' }],
    });
    const consent = named(await customer.expectView('pins/confirm'), 'consent');
    assert.deepEqual(
      consent.scopes.map((s) => s.name),
      ['balance', 'transactions'],
    );
  });

  test('skips PIN registration and its result when every account is already registered', async () => {
    // `demo` registered 2000002 and 1000314 above; register 1111111 and then nothing is left.
    const first = await pushRequest(bank);
    const customer = new Customer(bank);
    await customer.start(first);
    await customer.expectView('login', { loginId: 'demo', password: 'demo1234' });
    const pins = named(
      await customer.expectView('scopes', { scopes: ['balance', 'transactions'] }),
      'pin-register',
    );
    assert.deepEqual(
      pins.accounts.filter((a) => a.status === 'unregistered').map((a) => a.id),
      [DEMO_ACCOUNTS.a1111111],
    );
    const result = named(
      await customer.expectView('pins', {
        pins: [{ accountId: DEMO_ACCOUNTS.a1111111, pin: '1234' }],
      }),
      'pin-result',
    );
    assert.equal(result.canAddMore, false);
    const addMore = await customer.send('pins/add-more');
    assert.equal((await problemOf(addMore)).code, 'nothing_left_to_register');
    await customer.expectView('pins/confirm');
    await customer.expectView('consent', { decision: 'allow', confirmed: true });

    const again = new Customer(bank);
    await again.start(await pushRequest(bank));
    await again.expectView('login', { loginId: 'demo', password: 'demo1234' });
    const next = await again.expectView('scopes', { scopes: ['balance'] });
    assert.equal(next.name, 'consent');
  });

  test('asks the additional-authentication question of a customer the risk policy flags', async () => {
    const customer = new Customer(bank);
    await customer.start(await pushRequest(bank));
    const question = named(
      await customer.expectView('login', { loginId: 'demo-risk', password: 'demo1234' }),
      'additional-auth',
    );
    assert.equal(question.question.ja, '好きな数へ入力？');
    assert.equal(question.attemptsLeft, 3);
    const wrong = await customer.send('answer', { answer: '8' });
    assert.equal(wrong.status, 401);
    assert.equal((await problemOf(wrong)).attemptsLeft, 2);
    named(await customer.expectView('answer', { answer: '7' }), 'scope-select');
  });
});

describe('refusals: nothing out of order, replayed, forged or expired', () => {
  test('refuses an action out of order with 409 step_not_allowed and changes nothing', async () => {
    const customer = new Customer(bank);
    await customer.start(await pushRequest(bank));
    for (const [path, body] of [
      ['consent', { decision: 'allow', confirmed: true }],
      ['pins', { pins: [{ accountId: DEMO_ACCOUNTS.a1111111, pin: '1234' }] }],
      ['scopes', { scopes: ['balance'] }],
      ['answer', { answer: '7' }],
      ['pins/confirm', {}],
    ] as const) {
      const response = await customer.send(path, body);
      assert.equal(response.status, 409, path);
      assert.equal((await problemOf(response)).code, 'step_not_allowed');
    }
    assert.equal((await customer.view()).name, 'login');
  });

  test('refuses a replayed step once the flow has moved on', async () => {
    const customer = new Customer(bank);
    await customer.start(await pushRequest(bank));
    await customer.expectView('login', { loginId: 'demo', password: 'demo1234' });
    const replay = await customer.send('login', { loginId: 'demo', password: 'demo1234' });
    assert.equal(replay.status, 409);
    assert.equal((await customer.view()).name, 'scope-select');
  });

  test('uses a request_uri once: a second start with it is refused (RFC 9126 §4)', async () => {
    const pushed = await pushRequest(bank);
    assert.equal((await new Customer(bank).start(pushed)).status, 201);
    const second = await new Customer(bank).start(pushed);
    assert.equal(second.status, 400);
    assert.equal((await problemOf(second)).code, 'invalid_authorization_request');
  });

  test('refuses a request_uri presented with another client_id', async () => {
    const pushed = await pushRequest(bank);
    const response = await new Customer(bank).start({ ...pushed, clientId: QUICK.clientId });
    assert.equal(response.status, 400);
  });

  test('answers an unknown or forged transaction handle with 404 and a missing one with 400', async () => {
    const forged = new Customer(bank);
    forged.transaction = 'A'.repeat(43);
    assert.equal(
      (await problemOf(await forged.send('login', { loginId: 'demo', password: 'demo1234' }))).code,
      'transaction_not_found',
    );
    forged.transaction = '';
    assert.equal(
      (await forged.send('login', { loginId: 'demo', password: 'demo1234' })).status,
      400,
    );
  });

  test('keeps each transaction to itself: one handle never advances another flow', async () => {
    const first = new Customer(bank);
    const second = new Customer(bank);
    await first.start(await pushRequest(bank));
    await second.start(await pushRequest(bank, QUICK));
    await first.expectView('login', { loginId: 'demo', password: 'demo1234' });
    assert.equal((await second.view()).name, 'login');
  });

  test('requires 「認可手続きを継続する」 before 許可 (confirmation_required) and stays on consent', async () => {
    const customer = new Customer(bank);
    await customer.start(await pushRequest(bank, QUICK));
    await customer.expectView('login', { loginId: 'demo', password: 'demo1234' });
    const response = await customer.send('consent', { decision: 'allow', confirmed: false });
    assert.equal(response.status, 422);
    assert.equal((await problemOf(response)).code, 'confirmation_required');
    assert.equal((await customer.view()).name, 'consent');
  });

  test('拒否 answers error=access_denied with state and iss (RFC 6749 §4.1.2.1) and commits no staged PIN', async () => {
    const pushed = await pushRequest(bank);
    const customer = new Customer(bank);
    await customer.start(pushed);
    await customer.expectView('login', { loginId: 'demo-cert', password: 'demo1234' });
    await customer.expectView('scopes', { scopes: ['balance'] });
    await customer.expectView('pins', {
      pins: [{ accountId: 'cust-demo-cert-001-2000002', pin: '1234' }],
    });
    await customer.expectView('pins/confirm');
    const complete = named(
      await customer.expectView('consent', { decision: 'deny', confirmed: false }),
      'complete',
    );
    assert.deepEqual(complete.outcome.params, {
      error: 'access_denied',
      state: pushed.state,
      iss: ISSUER,
    });

    const next = new Customer(bank);
    await next.start(await pushRequest(bank));
    await next.expectView('login', { loginId: 'demo-cert', password: 'demo1234' });
    const pins = named(await next.expectView('scopes', { scopes: ['balance'] }), 'pin-register');
    assert.equal(
      pins.accounts.find((a) => a.id === 'cust-demo-cert-001-2000002')?.status,
      'unregistered',
    );
  });

  test('two concurrent 許可 commit one grant: the second is refused', async () => {
    const pushed = await pushRequest(bank, QUICK);
    const customer = new Customer(bank);
    await customer.start(pushed);
    await customer.expectView('login', { loginId: 'demo', password: 'demo1234' });
    const responses = await Promise.all([
      customer.send('consent', { decision: 'allow', confirmed: true }),
      customer.send('consent', { decision: 'allow', confirmed: true }),
    ]);
    assert.deepEqual(responses.map((r) => r.status).sort(), [200, 409]);
  });

  test('after completion the view stays the callback, so a retried request still reaches the partner', async () => {
    const pushed = await pushRequest(bank, QUICK);
    const { customer, params } = await authorizeDemo(bank, pushed);
    const view = named(await customer.view(), 'complete');
    assert.equal(view.outcome.params.code, params.code);
  });
});
