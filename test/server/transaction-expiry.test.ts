import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import {
  Customer,
  DEMO_ACCOUNTS,
  ISSUER,
  problemOf,
  pushRequest,
  QUICK,
  REDIRECT_URI,
} from './actors.js';
import { startBank, type Bank } from './harness.js';

let bank: Bank;
before(async () => {
  // The idle lifetime is 600 s in wrangler.jsonc; 5 s here so expiry can be observed.
  bank = await startBank({ vars: { TRANSACTION_IDLE_SECONDS: '5' } });
});
after(() => bank.stop());

describe('transaction expiry (idle transactions end and commit nothing)', () => {
  test('an idle transaction is refused after its lifetime, and its staged PINs were never committed', async () => {
    const customer = new Customer(bank);
    await customer.start(await pushRequest(bank, QUICK));
    await customer.expectView('login', { loginId: 'demo', password: 'demo1234' });
    await customer.expectView('pins', {
      pins: [{ accountId: DEMO_ACCOUNTS.a2000002, pin: '1234' }],
    });
    await sleep(6_000);
    const response = await customer.send('pins/confirm');
    assert.ok([404, 410].includes(response.status), String(response.status));
    assert.match((await problemOf(response)).code, /^transaction_(expired|not_found)$/);

    const next = new Customer(bank);
    await next.start(await pushRequest(bank, QUICK));
    const view = await next.expectView('login', { loginId: 'demo', password: 'demo1234' });
    assert.ok(view.name === 'pin-register');
    assert.equal(
      view.accounts.find((a) => a.id === DEMO_ACCOUNTS.a2000002)?.status,
      'unregistered',
    );
  });

  test('activity keeps a transaction alive: the lifetime counts from the last step', async () => {
    const customer = new Customer(bank);
    await customer.start(await pushRequest(bank, QUICK));
    // 3 s + the login + 3 s is past the 5 s lifetime measured from the start alone.
    await sleep(3_000);
    await customer.expectView('login', { loginId: 'demo', password: 'demo1234' });
    await sleep(3_000);
    assert.equal((await customer.view()).name, 'pin-register');
  });

  test('an expired transaction still returns the customer to the partner: access_denied, state, iss (RFC 6749 §4.1.2.1)', async () => {
    const pushed = await pushRequest(bank, QUICK);
    const customer = new Customer(bank);
    await customer.start(pushed);
    await sleep(6_000);
    const response = await customer.send('login', { loginId: 'demo', password: 'demo1234' });
    assert.equal(response.status, 410);
    const problem = await problemOf(response);
    assert.equal(problem.code, 'transaction_expired');
    const outcome = problem.outcome as { redirectUri: string; params: Record<string, string> };
    assert.equal(outcome.redirectUri, REDIRECT_URI);
    assert.deepEqual(outcome.params, {
      error: 'access_denied',
      error_description: 'transaction_expired',
      state: pushed.state,
      iss: ISSUER,
    });
  });
});
