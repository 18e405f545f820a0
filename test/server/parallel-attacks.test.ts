import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_ACCOUNTS, Customer, problemOf, pushRequest } from './actors.js';
import { startBank, type Bank } from './harness.js';

/**
 * An attacker sends 20 requests at once. Every lockout reserves an attempt before the secret is
 * checked (server/flow-runner/guarded-check.ts), so the burst gets no more checks than the
 * limit, the right secret sent after it is refused, and the counters are exact. The bank's
 * secret checks are counted inside the runtime (test/workers/instrumented-worker.ts).
 */
let bank: Bank;
before(async () => {
  bank = await startBank({ entrypoint: 'test/workers/instrumented-worker.ts' });
});
after(() => bank.stop());

const BURST = 20;

interface SecretChecks {
  password: number;
  answer: number;
  pin: number;
}

async function secretChecks(): Promise<SecretChecks> {
  return (await (await bank.fetch('/test-only/secret-checks')).json()) as SecretChecks;
}

/** Secret checks made while `attack` ran. */
async function checksDuring(attack: () => Promise<unknown>): Promise<SecretChecks> {
  const before = await secretChecks();
  await attack();
  const after = await secretChecks();
  return {
    password: after.password - before.password,
    answer: after.answer - before.answer,
    pin: after.pin - before.pin,
  };
}

async function atLogin(ip?: string): Promise<Customer> {
  const customer = new Customer(bank, ip ? { 'CF-Connecting-IP': ip } : {});
  assert.equal((await customer.start(await pushRequest(bank))).status, 201);
  return customer;
}

const statuses = (responses: Response[]) =>
  responses.map((response) => response.status).sort((a, b) => a - b);

describe('lockouts under a parallel burst', () => {
  test('20 wrong passwords at once for one login ID: 5 are checked, the right one after is refused', async () => {
    const customers = await Promise.all(Array.from({ length: BURST }, () => atLogin()));
    let responses: Response[] = [];
    const checks = await checksDuring(async () => {
      responses = await Promise.all(
        customers.map((customer, i) =>
          customer.send('login', { loginId: 'demo', password: `x${i}` }),
        ),
      );
    });
    assert.equal(checks.password, 5);
    const codes = statuses(responses);
    assert.deepEqual(codes.slice(0, 5), [401, 401, 401, 401, 423]);
    assert.ok(
      codes.slice(5).every((status) => status === 423 || status === 429),
      `${codes}`,
    );

    const right = await (await atLogin()).send('login', { loginId: 'demo', password: 'demo1234' });
    assert.equal(right.status, 423);
    assert.equal((await problemOf(right)).code, 'account_locked');
  });

  test('20 wrong answers at once in one transaction: 3 are checked and the transaction ends', async () => {
    const customer = await atLogin();
    const view = await customer.expectView('login', { loginId: 'demo-risk', password: 'demo1234' });
    assert.equal(view.name, 'additional-auth');
    let responses: Response[] = [];
    const checks = await checksDuring(async () => {
      responses = await Promise.all(
        Array.from({ length: BURST }, (_, i) => customer.send('answer', { answer: `${100 + i}` })),
      );
    });
    assert.equal(checks.answer, 3);
    assert.ok(responses.every((response) => response.status >= 400 && response.status < 500));
    const ended = await customer.view();
    assert.ok(ended.name === 'complete');
    assert.equal(ended.outcome.params.error_description, 'too_many_wrong_answers');
    const rightAfter = await checksDuring(async () => {
      const right = await customer.send('answer', { answer: '7' });
      assert.equal((await problemOf(right)).code, 'step_not_allowed');
    });
    assert.equal(rightAfter.answer, 0);
  });

  test('20 wrong PINs at once for one account: 3 are checked, the right PIN after is refused', async () => {
    const customer = await atLogin();
    await customer.expectView('login', { loginId: 'demo-cert', password: 'demo1234' });
    await customer.expectView('scopes', { scopes: ['balance'] });
    const accountId = DEMO_ACCOUNTS.a2000002.replace('cust-demo-', 'cust-demo-cert-');
    const pins = (pin: string) => ({ pins: [{ accountId, pin }] });
    let responses: Response[] = [];
    const checks = await checksDuring(async () => {
      responses = await Promise.all(
        Array.from({ length: BURST }, (_, i) => customer.send('pins', pins(`${9000 + i}`))),
      );
    });
    assert.equal(checks.pin, 3);
    // Two wrong PINs are answered as such, the third locks; the rest were refused unchecked:
    // 423 by the account's lock, or 429 where the transaction's limit was full of attempts in
    // flight at that moment.
    const codes = statuses(responses);
    assert.deepEqual(codes.slice(0, 3), [422, 422, 423]);
    assert.ok(
      codes.slice(3).every((status) => status === 423 || status === 429),
      `${codes}`,
    );
    const right = await customer.send('pins', pins('1234'));
    assert.equal(right.status, 423);
    assert.deepEqual((await problemOf(right)).accountIds, [accountId]);
  });

  test('4 wrong passwords at once are all counted, none lost: the next failure locks', async () => {
    const customers = await Promise.all(Array.from({ length: 4 }, () => atLogin()));
    const responses = await Promise.all(
      customers.map((customer) => customer.send('login', { loginId: 'ghost', password: 'x' })),
    );
    assert.deepEqual(statuses(responses), [401, 401, 401, 401]);
    const fifth = await (await atLogin()).send('login', { loginId: 'ghost', password: 'y' });
    assert.equal(fifth.status, 423);
  });
});
