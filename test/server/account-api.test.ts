import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { authorizeDemo, exchangeCode, KAKEIBO, pushRequest } from './actors.js';
import { startBank, type Bank } from './harness.js';

let bank: Bank;
before(async () => {
  bank = await startBank();
});
after(() => bank.stop());

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

async function accessToken(scopes: string[]) {
  const pushed = await pushRequest(bank, KAKEIBO);
  const { params } = await authorizeDemo(bank, pushed, { scopes });
  return (
    (await (await exchangeCode(bank, pushed, params.code)).json()) as { access_token: string }
  ).access_token;
}

describe('the account API (RFC 6750)', () => {
  test('lists the granted accounts and serves balance and transactions with both scopes', async () => {
    const token = await accessToken(['balance', 'transactions']);
    const list = (await (await bank.fetch('/api/v1/accounts', bearer(token))).json()) as {
      accounts: { id: string; accountNumber: string }[];
    };
    // 2222222 was registered before the flow, 2000002 during it; 1111111 and 1000314 are not.
    assert.deepEqual(
      list.accounts.map((a) => a.accountNumber),
      ['2000002', '2222222'],
    );
    const balance = await bank.fetch(
      `/api/v1/accounts/${list.accounts[0].id}/balance`,
      bearer(token),
    );
    assert.equal(balance.status, 200);
    const { amount, currency } = (await balance.json()) as { amount: number; currency: string };
    assert.equal(currency, 'JPY');
    assert.equal(typeof amount, 'number');
    const history = await bank.fetch(
      `/api/v1/accounts/${list.accounts[0].id}/transactions?limit=5`,
      bearer(token),
    );
    assert.equal(((await history.json()) as { transactions: unknown[] }).transactions.length, 5);
  });

  test("answers 403 insufficient_scope with a challenge naming the scope, its description within RFC 6750 §3's characters (RFC 6750 §3.1)", async () => {
    const token = await accessToken(['balance']);
    const [account] = (
      (await (await bank.fetch('/api/v1/accounts', bearer(token))).json()) as {
        accounts: { id: string }[];
      }
    ).accounts;
    const response = await bank.fetch(`/api/v1/accounts/${account.id}/transactions`, bearer(token));
    assert.equal(response.status, 403);
    assert.match(
      response.headers.get('WWW-Authenticate') ?? '',
      /error="insufficient_scope", scope="transactions", error_description="[^"\\]+"/,
    );
    // RFC 6750 §3: the description holds no `"` or `\`, in the challenge and the body alike.
    const { error_description } = (await response.json()) as { error_description: string };
    assert.match(error_description, /^[\x20-\x21\x23-\x5B\x5D-\x7E]+$/);
    assert.equal(
      (await bank.fetch(`/api/v1/accounts/${account.id}/balance`, bearer(token))).status,
      200,
    );
  });

  test('answers 404 for an account outside the grant', async () => {
    const token = await accessToken(['balance']);
    // By now `demo` has registered 2000002, 1111111 and 1000314 in three flows; every account
    // of `demo` is in this grant, so the accounts outside it are another customer's.
    for (const id of ['cust-demo-risk-202-2222222', 'cust-demo-cert-001-2000002', 'nope']) {
      assert.equal(
        (await bank.fetch(`/api/v1/accounts/${id}/balance`, bearer(token))).status,
        404,
        id,
      );
    }
  });

  test('answers 401 with WWW-Authenticate for a missing or unknown token, offering Bearer and DPoP (RFC 6750 §3.1, RFC 9449 §7.2)', async () => {
    const missing = await bank.fetch('/api/v1/accounts');
    assert.equal(missing.status, 401);
    assert.equal(
      missing.headers.get('WWW-Authenticate'),
      'Bearer realm="api-link-auth", DPoP realm="api-link-auth", algs="PS256 ES256 EdDSA Ed25519"',
    );
    const unknown = await bank.fetch('/api/v1/accounts', bearer('A'.repeat(43)));
    assert.equal(unknown.status, 401);
    assert.match(unknown.headers.get('WWW-Authenticate') ?? '', /error="invalid_token"/);
  });
});
