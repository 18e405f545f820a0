import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { basic, exchangeCode, form, issuedCode, postForm, QUICK, REDIRECT_URI } from './actors.js';
import { d1Rows, storedHash } from './d1-rows.js';
import { startBank, type Bank } from './harness.js';

/**
 * A replayed code or a revoked refresh token revokes its token family (RFC 6749 §4.1.2, RFC 7009
 * §2.1). These tests race the replay against the legitimate use, as an attacker holding a
 * stolen code would, and prove that whoever wins, nothing of the family works afterwards.
 * Refresh tokens are not rotated (FAPI 2.0 SP §5.3.2.1), so a refresh racing the replay is the
 * legitimate use to outrun. The Worker is test/workers/instrumented-worker.ts, so the tests can
 * read D1.
 */
let bank: Bank;
before(async () => {
  bank = await startBank({ entrypoint: 'test/workers/instrumented-worker.ts' });
});
after(() => bank.stop());

const BURST = 20;
const auth = basic(QUICK.clientId, QUICK.secret);

interface Tokens {
  access_token: string;
  refresh_token: string;
}

const rows = <T = Record<string, unknown>>(sql: string, ...params: unknown[]) =>
  d1Rows<T>(bank, sql, ...params);

const refresh = (refreshToken: string) =>
  postForm(bank, '/token', { grant_type: 'refresh_token', refresh_token: refreshToken }, auth);

/**
 * A token request whose tokens are saved a second late (test/workers/instrumented-worker.ts),
 * started once the code or refresh token is redeemed; `pending` says whether it is still waiting.
 */
async function slowTokenRequest(values: Record<string, string>, redeemed: () => Promise<boolean>) {
  const init = form(values);
  init.headers = { ...init.headers, Authorization: auth, 'X-Inject-Fault': 'slow-token-issuance' };
  const state = { pending: true };
  const response = bank.fetch('/token', init).finally(() => (state.pending = false));
  while (!(await redeemed())) {
    assert.ok(state.pending, 'the request ended before it redeemed');
    await sleep(20);
  }
  return { response, state };
}

/** Every answer of a burst: at most one issued tokens, every other one is invalid_grant. */
async function settle(responses: Response[]): Promise<Tokens[]> {
  const issued: Tokens[] = [];
  for (const response of responses) {
    const body = (await response.json()) as Tokens & { error?: string };
    if (response.status === 200) issued.push(body);
    else assert.equal(body.error, 'invalid_grant', JSON.stringify(body));
  }
  assert.ok(issued.length <= 1, `${issued.length} requests were issued tokens`);
  return issued;
}

/** No access token of the list opens the account API and no refresh token refreshes. */
async function assertAllDead(tokens: Tokens[]): Promise<void> {
  for (const { access_token: accessToken, refresh_token: refreshToken } of tokens) {
    const api = await bank.fetch('/api/v1/accounts', {
      headers: { Authorization: `Bearer ${accessToken}` },
    });
    assert.equal(api.status, 401);
    const refreshed = await refresh(refreshToken);
    assert.equal(refreshed.status, 400);
    assert.equal(((await refreshed.json()) as { error: string }).error, 'invalid_grant');
  }
}

/** What D1 holds for the family of a code: its tokens still live, and whether it is marked. */
async function family(code: string) {
  const codeHash = storedHash(code);
  const [live] = await rows<{ n: number }>(
    'SELECT count(*) AS n FROM tokens WHERE code_hash = ? AND revoked_at IS NULL',
    codeHash,
  );
  const marked = await rows('SELECT 1 FROM revoked_token_families WHERE code_hash = ?', codeHash);
  return { liveTokens: live.n, revoked: marked.length === 1 };
}

describe('replay revocation cannot be outrun (RFC 6749 §4.1.2, RFC 7009 §2.1)', () => {
  test(`a stolen code replayed ${BURST} times in parallel with its exchange leaves no working token`, async () => {
    const { pushed, code } = await issuedCode(bank);
    const responses = await Promise.all(
      Array.from({ length: BURST }, () => exchangeCode(bank, pushed, code)),
    );
    await assertAllDead(await settle(responses));
    assert.deepEqual(await family(code), { liveTokens: 0, revoked: true });
  });

  test(`a stolen code replayed while its refresh token is used ${BURST} times in parallel leaves no working token`, async () => {
    const { pushed, code } = await issuedCode(bank);
    const first = (await (await exchangeCode(bank, pushed, code)).json()) as Tokens;
    const [replay, ...responses] = await Promise.all([
      exchangeCode(bank, pushed, code),
      ...Array.from({ length: BURST }, () => refresh(first.refresh_token)),
    ]);
    assert.equal(((await replay.json()) as { error: string }).error, 'invalid_grant');
    const issued: Tokens[] = [];
    for (const response of responses) {
      const body = (await response.json()) as Tokens & { error?: string };
      if (response.status === 200) issued.push(body);
      else assert.equal(body.error, 'invalid_grant', JSON.stringify(body));
    }
    await assertAllDead([first, ...issued]);
    assert.deepEqual(await family(code), { liveTokens: 0, revoked: true });
  });

  test("a code is never redeemed without its tokens: a replay while the exchange's one batch waits finds the code unused, and the later of the two revokes what the earlier got", async () => {
    const { pushed, code } = await issuedCode(bank);
    const exchange = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: pushed.verifier,
    };
    // The exchange redeems the code and saves its tokens in one batch, which the fault delays
    // by a second: the code is looked at once that batch waits.
    const slow = await slowTokenRequest(exchange, async () => {
      const waiting = await bank.fetch('/test-only/waiting-token-batches');
      return ((await waiting.json()) as number) === 1;
    });
    const [stored] = await rows<{ used_at: number | null }>(
      'SELECT used_at FROM authorization_codes WHERE code_hash = ?',
      storedHash(code),
    );
    assert.equal(stored.used_at, null);
    assert.deepEqual(await family(code), { liveTokens: 0, revoked: false });
    const replay = await exchangeCode(bank, pushed, code);
    assert.ok(slow.state.pending, 'the replay must land before the slow exchange saves');
    const issued = await settle([replay, await slow.response]);
    await assertAllDead(issued);
    assert.deepEqual(await family(code), { liveTokens: 0, revoked: true });
  });

  test("a stolen code replayed between a refresh's checks and its issuance: no token is ever issued", async () => {
    const { pushed, code } = await issuedCode(bank);
    const first = (await (await exchangeCode(bank, pushed, code)).json()) as Tokens;
    const refreshing = { grant_type: 'refresh_token', refresh_token: first.refresh_token };
    // A refresh writes nothing before it saves its token, which the fault delays by a second:
    // a fifth of that is ample for its reads, and the replay must still land before the save.
    const winner = await slowTokenRequest(refreshing, () => sleep(200).then(() => true));
    const replay = await exchangeCode(bank, pushed, code);
    assert.equal(((await replay.json()) as { error: string }).error, 'invalid_grant');
    assert.ok(winner.state.pending, 'the replay must land before the refresh saves its token');
    assert.deepEqual(await settle([await winner.response]), []);
    await assertAllDead([first]);
    assert.deepEqual(await family(code), { liveTokens: 0, revoked: true });
  });

  test('a refresh token revoked while it is being used leaves no working token (RFC 7009 §2.1)', async () => {
    const { pushed, code } = await issuedCode(bank);
    const first = (await (await exchangeCode(bank, pushed, code)).json()) as Tokens;
    const [refreshed, revocation] = await Promise.all([
      refresh(first.refresh_token),
      postForm(bank, '/revoke', { token: first.refresh_token }, auth),
    ]);
    assert.equal(revocation.status, 200);
    await assertAllDead([first, ...(await settle([refreshed]))]);
    assert.deepEqual(await family(code), { liveTokens: 0, revoked: true });
  });
});
