import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { exchangeCode, issuedCode, KAKEIBO, type PushedRequest, REDIRECT_URI } from './actors.js';
import { d1Rows, pastItsEnd, storedHash } from './d1-rows.js';
import { startBank, type Bank } from './harness.js';

/**
 * A code is redeemed and its tokens stored in one D1 batch (server/storage/authorization-codes.ts),
 * whose SQL repeats every check of the exchange. These tests read D1 (the Worker is
 * test/workers/instrumented-worker.ts) to prove that a refused exchange stores nothing and still
 * uses up the code, and that an accepted one stores exactly its two tokens.
 */
let bank: Bank;
before(async () => {
  bank = await startBank({ entrypoint: 'test/workers/instrumented-worker.ts' });
});
after(() => bank.stop());

const rows = <T = Record<string, unknown>>(sql: string, ...params: unknown[]) =>
  d1Rows<T>(bank, sql, ...params);

/** The tokens D1 holds of a code's family, and whether the code is used. */
async function stored(code: string) {
  const codeHash = storedHash(code);
  const tokens = await rows<{ kind: string; expires_at: number; created_at: number }>(
    'SELECT kind, expires_at, created_at FROM tokens WHERE code_hash = ? ORDER BY kind',
    codeHash,
  );
  const [row] = await rows<{ used_at: number | null }>(
    'SELECT used_at FROM authorization_codes WHERE code_hash = ?',
    codeHash,
  );
  return { tokens, used: row.used_at !== null };
}

async function refusedWith(response: Response) {
  assert.equal(response.status, 400);
  return ((await response.json()) as { error: string }).error;
}

describe('a code exchange in one batch stores tokens only when every check holds', () => {
  const refusals: [string, (pushed: PushedRequest, code: string) => Promise<Response>][] = [
    [
      'a wrong code_verifier (RFC 7636 §4.6)',
      (pushed, code) => exchangeCode(bank, pushed, code, { code_verifier: 'x'.repeat(43) }),
    ],
    [
      'a malformed code_verifier (RFC 7636 §4.1)',
      (pushed, code) => exchangeCode(bank, pushed, code, { code_verifier: 'short' }),
    ],
    [
      'another redirect_uri (RFC 6749 §4.1.3)',
      (pushed, code) => exchangeCode(bank, pushed, code, { redirect_uri: `${REDIRECT_URI}?x=1` }),
    ],
    [
      'another client (RFC 6749 §4.1.3)',
      (pushed, code) => exchangeCode(bank, { ...pushed, ...KAKEIBO }, code),
    ],
    [
      'a code past its 60 s (RFC 6749 §4.1.2: it "MUST expire shortly after it is issued")',
      async (pushed, code) => {
        await pastItsEnd(bank, { codeHash: storedHash(code) });
        return exchangeCode(bank, pushed, code);
      },
    ],
  ];

  for (const [name, present] of refusals) {
    test(`refused for ${name}: no token is stored, and the code is used up`, async () => {
      const { pushed, code } = await issuedCode(bank);
      assert.equal(await refusedWith(await present(pushed, code)), 'invalid_grant');
      assert.deepEqual(await stored(code), { tokens: [], used: true });
      // Presented again, right this time, it is a replay: still nothing.
      assert.equal(await refusedWith(await exchangeCode(bank, pushed, code)), 'invalid_grant');
      assert.deepEqual(await stored(code), { tokens: [], used: true });
    });
  }

  test('accepted: exactly an access token for one hour and a refresh token until the grant ends (RFC 6749 §5.1)', async () => {
    const { pushed, code } = await issuedCode(bank);
    const response = await exchangeCode(bank, pushed, code);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { expires_in: number; grant_id: string };
    const { tokens, used } = await stored(code);
    assert.ok(used);
    assert.deepEqual(
      tokens.map((token) => token.kind),
      ['access', 'refresh'],
    );
    const [access, refresh] = tokens;
    assert.equal(access.expires_at - access.created_at, body.expires_in * 1000);
    const [grant] = await rows<{ expires_at: number }>(
      'SELECT expires_at FROM grants WHERE id = ?',
      body.grant_id,
    );
    assert.equal(refresh.expires_at, grant.expires_at);
  });
});
