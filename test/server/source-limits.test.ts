import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  basic,
  Customer,
  json,
  KAKEIBO,
  postForm,
  problemOf,
  pushRequest,
  QUICK,
  REDIRECT_URI,
} from './actors.js';
import { startBank, type Bank } from './harness.js';

/**
 * Limits on the source of attempts rather than their target: failed secret checks per client
 * IP across all customers and per transaction (here 10 and 4), and starts per IP (here 5 a
 * minute), each 429 with Retry-After (RFC 6585 §4).
 */
let bank: Bank;
before(async () => {
  bank = await startBank({
    entrypoint: 'test/workers/instrumented-worker.ts',
    vars: { FAILED_SECRETS_PER_IP: '10', FAILED_SECRETS_PER_TRANSACTION: '4' },
    rateLimits: { START_LIMITER: 5, PAR_LIMITER: 60 },
  });
});
after(() => bank.stop());

async function passwordChecks(): Promise<number> {
  return ((await (await bank.fetch('/test-only/secret-checks')).json()) as { password: number })
    .password;
}

async function atLogin(ip: string): Promise<Customer> {
  const customer = new Customer(bank, { 'CF-Connecting-IP': ip });
  assert.equal((await customer.start(await pushRequest(bank))).status, 201);
  return customer;
}

function assertRetryAfter(response: Response) {
  assert.equal(response.status, 429);
  const seconds = Number(response.headers.get('Retry-After'));
  assert.ok(Number.isInteger(seconds) && seconds > 0, `Retry-After: ${seconds}`);
}

describe('limits per source', () => {
  test('one IP spraying 20 login IDs at once: 10 passwords are checked, then 429 for everyone from it', async () => {
    const ip = '198.51.100.7';
    const customers: Customer[] = [];
    for (let i = 0; i < 4; i++) customers.push(await atLogin(ip));
    const before = await passwordChecks();
    // Spread over 4 transactions (5 each) so that only the IP's limit, not a transaction's, binds.
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        customers[i % 4].send('login', { loginId: `sprayed-${i}`, password: 'guess' }),
      ),
    );
    assert.ok((await passwordChecks()) - before <= 10);
    assert.ok(responses.some((response) => response.status === 429));
    const refused = responses.find((response) => response.status === 429)!;
    assertRetryAfter(refused);
    assert.equal((await problemOf(refused)).code, 'too_many_attempts');

    // The right password of a customer who is not locked, from that IP: refused too.
    const fromAttacker = await (
      await atLogin(ip)
    ).send('login', {
      loginId: 'demo',
      password: 'demo1234',
    });
    assertRetryAfter(fromAttacker);
    // From another address the customer logs in: the attacker locked out no one.
    const elsewhere = await atLogin('203.0.113.9');
    assert.equal(
      (await elsewhere.expectView('login', { loginId: 'demo', password: 'demo1234' })).name,
      'scope-select',
    );
  });

  test('one transaction cannot be used for more than 4 failed secret checks', async () => {
    const customer = await atLogin('192.0.2.44');
    const before = await passwordChecks();
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        customer.send('login', { loginId: `other-${i}`, password: 'guess' }),
      ),
    );
    assert.equal((await passwordChecks()) - before, 4);
    assert.equal(responses.filter((response) => response.status === 401).length, 4);
    assertRetryAfter(responses.find((response) => response.status === 429)!);
  });

  test('successful logins from one IP are never throttled by the failure limits', async () => {
    for (let i = 0; i < 3; i++) {
      const customer = await atLogin('192.0.2.80');
      const view = await customer.expectView('login', { loginId: 'demo', password: 'demo1234' });
      assert.equal(view.name, 'scope-select');
    }
  });

  test('more than 5 starts a minute from one IP are answered 429 with Retry-After', async () => {
    const ip = '198.51.100.200';
    const starts = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const pushed = await pushRequest(bank);
        const request = json({ clientId: pushed.clientId, requestUri: pushed.requestUri });
        request.headers = { ...(request.headers as object), 'CF-Connecting-IP': ip };
        return bank.fetch('/flow/start', request);
      }),
    );
    const accepted = starts.filter((response) => response.status === 201).length;
    assert.ok(accepted >= 1 && accepted <= 5, `${accepted} starts accepted`);
    const refused = starts.find((response) => response.status === 429)!;
    assertRetryAfter(refused);
    assert.equal((await problemOf(refused)).code, 'too_many_attempts');
  });

  test('more than 5 visits a minute to /authorize from one IP get a 429 page with Retry-After', async () => {
    const { requestUri } = await pushRequest(bank);
    const query = new URLSearchParams({ client_id: KAKEIBO.clientId, request_uri: requestUri });
    const visits = await Promise.all(
      Array.from({ length: 20 }, () =>
        bank.fetch(`/authorize?${query}`, { headers: { 'CF-Connecting-IP': '198.51.100.201' } }),
      ),
    );
    const refused = visits.filter((response) => response.status === 429);
    assert.ok(refused.length >= 15, `${refused.length} refused`);
    assertRetryAfter(refused[0]);
    assert.match(refused[0].headers.get('Content-Type') ?? '', /^text\/html/);
  });

  test('PAR is limited per partner, not per address: one partner over its limit leaves others alone', async () => {
    const form = {
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      scope: 'balance',
      state: 's',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    };
    const auth = basic(QUICK.clientId, QUICK.secret);
    const responses = await Promise.all(
      Array.from({ length: 70 }, () => postForm(bank, '/par', form, auth)),
    );
    const pushes = responses.map((response) => response.status);
    assert.deepEqual([...new Set(pushes)].sort(), [201, 429]);
    assertRetryAfter(responses.find((response) => response.status === 429)!);
    assert.ok(pushes.filter((status) => status === 201).length <= 60);
    // demo-kakeibo, from the same address, still pushes.
    await pushRequest(bank, KAKEIBO);
  });
});
