import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Customer, DEMO_ACCOUNTS, problemOf, pushRequest, QUICK } from './actors.js';
import { startBank, type Bank } from './harness.js';

let bank: Bank;
before(async () => {
  bank = await startBank();
});
after(() => bank.stop());

async function atPinRegister(loginId = 'demo'): Promise<Customer> {
  const customer = new Customer(bank);
  await customer.start(await pushRequest(bank, QUICK));
  assert.equal(
    (await customer.expectView('login', { loginId, password: 'demo1234' })).name,
    'pin-register',
  );
  return customer;
}

describe('inquiry-PIN registration', () => {
  test('names the rows whose PIN was wrong and stages none of the submission', async () => {
    const customer = await atPinRegister();
    const response = await customer.send('pins', {
      pins: [
        { accountId: DEMO_ACCOUNTS.a2000002, pin: '1234' },
        { accountId: DEMO_ACCOUNTS.a1111111, pin: '9999' },
      ],
    });
    assert.equal(response.status, 422);
    const problem = await problemOf(response);
    assert.equal(problem.code, 'invalid_pin');
    assert.deepEqual(problem.accountIds, [DEMO_ACCOUNTS.a1111111]);
    assert.equal(problem.attemptsLeft, 2);
    const view = await customer.view();
    assert.equal(view.name, 'pin-register');
    assert.ok(view.name === 'pin-register' && view.accounts.every((a) => a.status !== 'staged'));
  });

  test("locks an account's registration after 3 wrong PINs, even for the right PIN", async () => {
    const customer = await atPinRegister();
    const wrong = { pins: [{ accountId: DEMO_ACCOUNTS.a1111111, pin: '0000' }] };
    await customer.send('pins', wrong); // the test above left one failure; this is the second
    const third = await customer.send('pins', wrong);
    assert.equal(third.status, 423);
    assert.deepEqual((await problemOf(third)).accountIds, [DEMO_ACCOUNTS.a1111111]);
    const right = await customer.send('pins', {
      pins: [{ accountId: DEMO_ACCOUNTS.a1111111, pin: '1234' }],
    });
    assert.equal((await problemOf(right)).code, 'pin_locked');
    await customer.expectView('pins', {
      pins: [{ accountId: DEMO_ACCOUNTS.a2000002, pin: '1234' }],
    });
  });

  test("refuses an account that is already registered, another customer's, or chosen twice", async () => {
    const customer = await atPinRegister('demo-cert');
    for (const pins of [
      [{ accountId: 'cust-demo-cert-202-2222222', pin: '1234' }],
      [{ accountId: DEMO_ACCOUNTS.a1000314, pin: '1234' }],
      [
        { accountId: 'cust-demo-cert-001-2000002', pin: '1234' },
        { accountId: 'cust-demo-cert-001-2000002', pin: '1234' },
      ],
    ]) {
      const response = await customer.send('pins', { pins });
      assert.equal(response.status, 422);
      assert.equal((await problemOf(response)).code, 'account_not_selectable');
    }
    assert.equal(
      (await problemOf(await customer.send('pins', { pins: [] }))).code,
      'account_required',
    );
  });
});
