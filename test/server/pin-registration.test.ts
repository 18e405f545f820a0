import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hashSecret } from '../../server/crypto/password-hash.js';
import { Customer, DEMO_ACCOUNTS, problemOf, pushRequest, QUICK } from './actors.js';
import { startBank, type Bank } from './harness.js';

/** A customer with as many accounts as one submission may name (MAX_ACCOUNTS_PER_SUBMISSION). */
const MANY = 200;
const manyAccountId = (position: number) => `cust-many-001-${String(position).padStart(7, '0')}`;

let bank: Bank;
before(async () => {
  // One PBKDF2 iteration: the iteration count is part of each stored hash, and 200 checks at
  // the bank's 100 000 would only make the test slow.
  const [password, pin] = await Promise.all([hashSecret('demo1234', 1), hashSecret('1234', 1)]);
  bank = await startBank({
    extraRows: [
      {
        sql: `INSERT INTO bank_customers (id, login_id, password_hash, requires_step_up)
              VALUES ('cust-many', 'many-accounts', ?, 0)`,
        params: [password],
      },
      ...Array.from({ length: MANY }, (_, position) => ({
        sql: `INSERT INTO bank_accounts (id, customer_id, position, branch_name_ja, branch_name_en,
                branch_code, account_type, account_number, memo, inquiry_pin_hash)
              VALUES (?, 'cust-many', ?, '本店', 'Head Office', '001', 'futsu', ?, NULL, ?)`,
        params: [manyAccountId(position), position, String(position).padStart(7, '0'), pin],
      })),
    ],
  });
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

  test(`registers all ${MANY} accounts of a customer in one submission, and grants them all`, async () => {
    const customer = await atPinRegister('many-accounts');
    const pins = Array.from({ length: MANY }, (_, position) => ({
      accountId: manyAccountId(position),
      pin: '1234',
    }));
    // A wrong PIN past the first hundred rows is found: every row is checked, not the first query's.
    const wrongRow = 150;
    const oneWrong = pins.map((entry, position) =>
      position === wrongRow ? { ...entry, pin: '9999' } : entry,
    );
    const refused = await customer.send('pins', { pins: oneWrong });
    assert.equal(refused.status, 422);
    assert.deepEqual((await problemOf(refused)).accountIds, [manyAccountId(wrongRow)]);

    assert.equal((await customer.expectView('pins', { pins })).name, 'pin-result');
    assert.equal((await customer.expectView('pins/confirm')).name, 'consent');
    const accountIds = pins.map((entry) => entry.accountId);
    const complete = await customer.expectView('consent', {
      decision: 'allow',
      confirmed: true,
      accountIds,
    });
    assert.equal(complete.name, 'complete');
  });
});
