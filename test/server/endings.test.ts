import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FlowView } from '../../server/flow/types.js';
import {
  Customer,
  DEMO_ACCOUNTS,
  ISSUER,
  problemOf,
  pushRequest,
  REDIRECT_URI,
  type PushedRequest,
} from './actors.js';
import { startBank, type Bank } from './harness.js';

/**
 * Every ending of a flow returns to the partner with `error=access_denied`, a stable
 * `error_description`, `state` and `iss` (RFC 6749 §4.1.2.1, RFC 9207): the refusal that ends it
 * carries the callback as `outcome`, and the transaction's view stays that callback.
 */
let bank: Bank;
before(async () => {
  bank = await startBank();
});
after(() => bank.stop());

async function atLogin(): Promise<{ customer: Customer; pushed: PushedRequest }> {
  const pushed = await pushRequest(bank);
  const customer = new Customer(bank);
  assert.equal((await customer.start(pushed)).status, 201);
  return { customer, pushed };
}

const callback = (pushed: PushedRequest, reason: string) => ({
  redirectUri: REDIRECT_URI,
  responseMode: 'query',
  params: { error: 'access_denied', error_description: reason, state: pushed.state, iss: ISSUER },
});

async function assertEndedWith(customer: Customer, pushed: PushedRequest, reason: string) {
  const view = await customer.view();
  assert.equal(view.name, 'complete');
  assert.deepEqual(
    (view as Extract<FlowView, { name: 'complete' }>).outcome,
    callback(pushed, reason),
  );
}

describe('every ending returns to the partner (RFC 6749 §4.1.2.1)', () => {
  test('three wrong answers: 410 carrying access_denied / too_many_wrong_answers, state and iss', async () => {
    const { customer, pushed } = await atLogin();
    await customer.expectView('login', { loginId: 'demo-risk', password: 'demo1234' });
    await customer.send('answer', { answer: '1' });
    await customer.send('answer', { answer: '2' });
    const third = await problemOf(await customer.send('answer', { answer: '3' }));
    assert.equal(third.code, 'transaction_ended');
    assert.deepEqual(third.outcome, callback(pushed, 'too_many_wrong_answers'));
    await assertEndedWith(customer, pushed, 'too_many_wrong_answers');
  });

  test('a locked login: 423 carrying access_denied / login_locked', async () => {
    const { customer, pushed } = await atLogin();
    let last: Response | undefined;
    for (let attempt = 1; attempt <= 5; attempt++) {
      last = await customer.send('login', { loginId: 'lock-me', password: `x${attempt}` });
    }
    const locked = await problemOf(last!);
    assert.equal(locked.code, 'account_locked');
    assert.deepEqual(locked.outcome, callback(pushed, 'login_locked'));
    await assertEndedWith(customer, pushed, 'login_locked');

    // A flow that starts while the ID is locked ends the same way at its first try.
    const { customer: next, pushed: nextPushed } = await atLogin();
    const refused = await problemOf(
      await next.send('login', { loginId: 'lock-me', password: 'y' }),
    );
    assert.deepEqual(refused.outcome, callback(nextPushed, 'login_locked'));
  });

  test('the customer gives up (「連携先に戻る」): access_denied / cancelled, and staged PINs are not committed', async () => {
    const { customer, pushed } = await atLogin();
    await customer.expectView('login', { loginId: 'demo', password: 'demo1234' });
    await customer.expectView('scopes', { scopes: ['balance'] });
    await customer.expectView('pins', {
      pins: [{ accountId: DEMO_ACCOUNTS.a2000002, pin: '1234' }],
    });
    const view = await customer.expectView('cancel');
    assert.equal(view.name, 'complete');
    await assertEndedWith(customer, pushed, 'cancelled');

    const { customer: next } = await atLogin();
    await next.expectView('login', { loginId: 'demo', password: 'demo1234' });
    const pins = await next.expectView('scopes', { scopes: ['balance'] });
    assert.ok(pins.name === 'pin-register');
    const account = pins.accounts.find((candidate) => candidate.id === DEMO_ACCOUNTS.a2000002);
    assert.equal(account?.status, 'unregistered');
  });

  test('giving up is refused once the flow is over', async () => {
    const { customer } = await atLogin();
    await customer.expectView('cancel');
    assert.equal((await problemOf(await customer.send('cancel'))).code, 'step_not_allowed');
  });
});
