import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FlowView } from '../../server/flow/types.js';
import { Customer, exchangeCode, json, problemOf, pushRequest } from './actors.js';
import { d1Rows } from './d1-rows.js';
import { startBank, type Bank } from './harness.js';

/**
 * 許可 commits the grant, its accounts, the staged PINs and the code in one D1 batch. These tests
 * lose D1's answer after D1 has committed (test/workers/instrumented-worker.ts, on the real
 * runtime), then retry and deny, and look at what D1 holds.
 */
let bank: Bank;
before(async () => {
  bank = await startBank({ entrypoint: 'test/workers/instrumented-worker.ts' });
});
after(() => bank.stop());

const LOST_ANSWER = { 'X-Inject-Fault': 'after-d1-batch' };

const rows = <T = Record<string, unknown>>(sql: string, ...params: unknown[]) =>
  d1Rows<T>(bank, sql, ...params);

/** What D1 holds for the customer `demo` and the account whose PIN the flow staged. */
async function committed(accountId: string) {
  const [grants] = await rows<{ n: number }>(
    "SELECT count(*) AS n FROM grants WHERE customer_id = 'cust-demo'",
  );
  const pins = await rows('SELECT 1 FROM pin_registrations WHERE account_id = ?', accountId);
  const [codes] = await rows<{ n: number }>('SELECT count(*) AS n FROM authorization_codes');
  return { grants: grants.n, pinRegistered: pins.length === 1, codes: codes.n };
}

/** A flow of `demo` up to consent, with one 未登録 account's PIN staged (登録済み*). */
async function atConsent() {
  const pushed = await pushRequest(bank);
  const customer = new Customer(bank);
  assert.equal((await customer.start(pushed)).status, 201);
  await customer.expectView('login', { loginId: 'demo', password: 'demo1234' });
  const pinRegister = await customer.expectView('scopes', { scopes: ['balance'] });
  assert.equal(pinRegister.name, 'pin-register');
  const account = pinRegister.accounts.find((candidate) => candidate.status === 'unregistered')!;
  await customer.expectView('pins', { pins: [{ accountId: account.id, pin: '1234' }] });
  assert.equal((await customer.expectView('pins/confirm')).name, 'consent');
  return { pushed, customer, accountId: account.id };
}

const consent = (customer: Customer, decision: 'allow' | 'deny', headers = {}) =>
  customer.send('consent', { decision, confirmed: true }, { headers: { ...headers } });

function sendWith(
  customer: Customer,
  path: string,
  body: unknown,
  headers: Record<string, string>,
) {
  return bank.fetch(`/flow/${path}`, {
    ...json(body),
    headers: {
      'Content-Type': 'application/json',
      'X-Transaction': customer.transaction,
      ...headers,
    },
  });
}

async function completeView(response: Response) {
  assert.equal(response.status, 200, await response.clone().text());
  const { view } = (await response.json()) as { view: FlowView };
  assert.equal(view.name, 'complete');
  return (view as Extract<FlowView, { name: 'complete' }>).outcome.params;
}

describe('one place where an authorization completes (idempotent per transaction)', () => {
  test('a 許可 whose D1 answer was lost answers 503 and leaves the customer at consent', async () => {
    const { customer, accountId } = await atConsent();
    const before = await committed(accountId);
    const lost = await sendWith(
      customer,
      'consent',
      { decision: 'allow', confirmed: true },
      LOST_ANSWER,
    );
    assert.equal(lost.status, 503);
    assert.equal((await problemOf(lost)).code, 'server_error');
    assert.equal((await customer.view()).name, 'consent');
    // D1 did commit: the retry below must not commit a second time.
    const after = await committed(accountId);
    assert.deepEqual(after, {
      grants: before.grants + 1,
      pinRegistered: true,
      codes: before.codes + 1,
    });
  });

  test('retrying 許可 after a lost answer commits once and issues the code that was committed', async () => {
    const { pushed, customer, accountId } = await atConsent();
    const before = await committed(accountId);
    const allow = { decision: 'allow', confirmed: true };
    assert.equal((await sendWith(customer, 'consent', allow, LOST_ANSWER)).status, 503);
    assert.equal((await sendWith(customer, 'consent', allow, LOST_ANSWER)).status, 503);
    const params = await completeView(await consent(customer, 'allow'));
    assert.deepEqual(await committed(accountId), {
      grants: before.grants + 1,
      pinRegistered: true,
      codes: before.codes + 1,
    });
    const token = await exchangeCode(bank, pushed, params.code);
    assert.equal(token.status, 200, await token.clone().text());
  });

  test('拒否 after a 許可 whose answer was lost leaves nothing committed', async () => {
    const { customer, accountId } = await atConsent();
    const before = await committed(accountId);
    const allow = { decision: 'allow', confirmed: true };
    assert.equal((await sendWith(customer, 'consent', allow, LOST_ANSWER)).status, 503);
    const params = await completeView(await consent(customer, 'deny'));
    assert.equal(params.error, 'access_denied');
    assert.deepEqual(await committed(accountId), { ...before, pinRegistered: false });
    const [outcome] = await rows<{ outcome: string }>(
      'SELECT outcome FROM authorization_outcomes ORDER BY decided_at DESC LIMIT 1',
    );
    assert.equal(outcome.outcome, 'denied');
  });

  test('no sequence of lost answers, retries, 許可 and 拒否 leaves data behind a denial', async () => {
    const { customer, accountId } = await atConsent();
    const before = await committed(accountId);
    const allow = { decision: 'allow', confirmed: true };
    assert.equal((await sendWith(customer, 'consent', allow, LOST_ANSWER)).status, 503);
    // A denial whose own answer is lost still undid the grant; the next 拒否 finishes the flow.
    const deny = { decision: 'deny', confirmed: false };
    assert.equal((await sendWith(customer, 'consent', deny, LOST_ANSWER)).status, 503);
    assert.deepEqual(await committed(accountId), { ...before, pinRegistered: false });
    assert.equal((await sendWith(customer, 'consent', allow, LOST_ANSWER)).status, 503);
    assert.equal((await completeView(await consent(customer, 'deny'))).error, 'access_denied');
    assert.deepEqual(await committed(accountId), { ...before, pinRegistered: false });
    // The flow is over: neither decision is accepted again.
    const late = await consent(customer, 'allow');
    assert.equal((await problemOf(late)).code, 'step_not_allowed');
    assert.deepEqual(await committed(accountId), { ...before, pinRegistered: false });
  });

  test('許可 and 拒否 racing after a lost answer: one wins, and D1 agrees with it', async () => {
    const { customer, accountId } = await atConsent();
    const before = await committed(accountId);
    const allow = { decision: 'allow', confirmed: true };
    assert.equal((await sendWith(customer, 'consent', allow, LOST_ANSWER)).status, 503);
    const [allowed, denied] = await Promise.all([
      consent(customer, 'allow'),
      consent(customer, 'deny'),
    ]);
    const winners = [allowed, denied].filter((response) => response.status === 200);
    assert.equal(winners.length, 1, `${allowed.status} / ${denied.status}`);
    const expected =
      winners[0] === allowed
        ? { grants: before.grants + 1, pinRegistered: true, codes: before.codes + 1 }
        : { ...before, pinRegistered: false };
    assert.deepEqual(await committed(accountId), expected);
  });
});
