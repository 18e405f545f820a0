import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  authorizeDemo,
  basic,
  exchangeCode,
  issuedCode,
  KAKEIBO,
  postForm,
  pushRequest,
  QUICK,
  REDIRECT_URI,
} from './actors.js';
import { startBank, type Bank } from './harness.js';

let bank: Bank;
before(async () => {
  bank = await startBank();
});
after(() => bank.stop());

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

async function oauthError(response: Response) {
  assert.equal(response.headers.get('Cache-Control'), 'no-store');
  return ((await response.json()) as { error: string }).error;
}

describe('POST /token, authorization_code grant (RFC 6749 §4.1.3, RFC 7636 §4.6)', () => {
  test('issues a Bearer access token for one hour and a refresh token, with Cache-Control: no-store (RFC 6749 §5.1)', async () => {
    const { pushed, code } = await issuedCode(bank);
    const response = await exchangeCode(bank, pushed, code);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('Cache-Control'), 'no-store');
    const body = (await response.json()) as Record<string, unknown>;
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 3600);
    assert.match(body.access_token as string, /^[A-Za-z0-9_-]{43}$/);
    assert.match(body.refresh_token as string, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(body.scope, 'balance transactions');
  });

  test('rejects a wrong code_verifier with invalid_grant and burns the code (RFC 7636 §4.6)', async () => {
    const { pushed, code } = await issuedCode(bank);
    const wrong = await exchangeCode(bank, pushed, code, { code_verifier: 'x'.repeat(43) });
    assert.equal(await oauthError(wrong), 'invalid_grant');
    assert.equal(await oauthError(await exchangeCode(bank, pushed, code)), 'invalid_grant');
  });

  test('rejects a code exchange without code_verifier with 400 invalid_grant and burns the code (RFC 7636 §4.6, FAPI 2.0 SP §5.3.2.2 item 5)', async () => {
    const { pushed, code } = await issuedCode(bank);
    const withoutVerifier = await postForm(
      bank,
      '/token',
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI },
      basic(pushed.clientId, pushed.secret),
    );
    assert.equal(withoutVerifier.status, 400);
    assert.equal(await oauthError(withoutVerifier), 'invalid_grant');
    assert.equal(await oauthError(await exchangeCode(bank, pushed, code)), 'invalid_grant');
  });

  test('rejects a redirect_uri that differs from the authorization request (RFC 6749 §4.1.3)', async () => {
    const { pushed, code } = await issuedCode(bank);
    const response = await exchangeCode(bank, pushed, code, {
      redirect_uri: `${REDIRECT_URI}?x=1`,
    });
    assert.equal(await oauthError(response), 'invalid_grant');
  });

  test('rejects a code issued to another client (RFC 6749 §4.1.3)', async () => {
    const { pushed, code } = await issuedCode(bank, QUICK);
    const response = await exchangeCode(bank, { ...pushed, ...KAKEIBO }, code);
    assert.equal(await oauthError(response), 'invalid_grant');
  });

  test('rejects a reused authorization code and revokes the tokens issued from it (RFC 6749 §4.1.2)', async () => {
    const { pushed, code } = await issuedCode(bank);
    const first = (await (await exchangeCode(bank, pushed, code)).json()) as {
      access_token: string;
      refresh_token: string;
    };
    assert.equal((await bank.fetch('/api/v1/accounts', bearer(first.access_token))).status, 200);
    assert.equal(await oauthError(await exchangeCode(bank, pushed, code)), 'invalid_grant');
    assert.equal((await bank.fetch('/api/v1/accounts', bearer(first.access_token))).status, 401);
    const refresh = await postForm(
      bank,
      '/token',
      { grant_type: 'refresh_token', refresh_token: first.refresh_token },
      basic(QUICK.clientId, QUICK.secret),
    );
    assert.equal(await oauthError(refresh), 'invalid_grant');
  });

  test('rejects an unknown code with invalid_grant', async () => {
    const pushed = await pushRequest(bank, QUICK);
    assert.equal(
      await oauthError(await exchangeCode(bank, pushed, 'A'.repeat(43))),
      'invalid_grant',
    );
  });

  test('requires client authentication: a wrong secret is invalid_client with 401 and WWW-Authenticate (RFC 6749 §5.2)', async () => {
    const { pushed, code } = await issuedCode(bank);
    const response = await exchangeCode(bank, { ...pushed, secret: 'wrong' }, code);
    assert.equal(response.status, 401);
    assert.match(response.headers.get('WWW-Authenticate') ?? '', /^Basic /);
    assert.equal(await oauthError(response), 'invalid_client');
    const none = await bank.fetch('/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `grant_type=authorization_code&code=${code}`,
    });
    assert.equal(none.status, 401);
  });

  test('refuses an unsupported grant type (RFC 6749 §5.2 unsupported_grant_type)', async () => {
    const response = await postForm(
      bank,
      '/token',
      { grant_type: 'password', username: 'demo', password: 'demo1234' },
      basic(QUICK.clientId, QUICK.secret),
    );
    assert.equal(await oauthError(response), 'unsupported_grant_type');
  });
});

describe('POST /token, refresh_token grant (RFC 6749 §6, FAPI 2.0 SP §5.3.2.1)', () => {
  test('does not rotate the refresh token: it keeps working, so a retry after a lost answer succeeds (FAPI 2.0 SP §5.3.2.1 note 2)', async () => {
    const { pushed, code } = await issuedCode(bank);
    const first = (await (await exchangeCode(bank, pushed, code)).json()) as {
      access_token: string;
      refresh_token: string;
    };
    const auth = basic(QUICK.clientId, QUICK.secret);
    const refresh = { grant_type: 'refresh_token', refresh_token: first.refresh_token };
    const lost = await postForm(bank, '/token', refresh, auth);
    assert.equal(lost.status, 200);
    const retried = await postForm(bank, '/token', refresh, auth);
    assert.equal(retried.status, 200);
    const second = (await retried.json()) as {
      access_token: string;
      refresh_token: string;
      token_type: string;
    };
    assert.equal(second.refresh_token, first.refresh_token);
    assert.equal(second.token_type, 'Bearer');
    for (const accessToken of [first.access_token, second.access_token]) {
      assert.equal((await bank.fetch('/api/v1/accounts', bearer(accessToken))).status, 200);
    }
  });

  test('refuses a narrowed scope with invalid_scope and changes nothing (RFC 6749 §6)', async () => {
    const { pushed, code } = await issuedCode(bank);
    const tokens = (await (await exchangeCode(bank, pushed, code)).json()) as {
      access_token: string;
      refresh_token: string;
    };
    const auth = basic(QUICK.clientId, QUICK.secret);
    const narrowed = await postForm(
      bank,
      '/token',
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, scope: 'balance' },
      auth,
    );
    assert.equal(await oauthError(narrowed), 'invalid_scope');
    assert.equal((await bank.fetch('/api/v1/accounts', bearer(tokens.access_token))).status, 200);
    const refreshed = await postForm(
      bank,
      '/token',
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token },
      auth,
    );
    assert.equal(refreshed.status, 200);
  });

  test('binds the refresh token to its client', async () => {
    const { pushed, code } = await issuedCode(bank, QUICK);
    const { refresh_token } = (await (await exchangeCode(bank, pushed, code)).json()) as {
      refresh_token: string;
    };
    const response = await postForm(
      bank,
      '/token',
      { grant_type: 'refresh_token', refresh_token },
      basic(KAKEIBO.clientId, KAKEIBO.secret),
    );
    assert.equal(await oauthError(response), 'invalid_grant');
  });

  test('refuses a scope beyond the grant (RFC 6749 §6)', async () => {
    const pushed = await pushRequest(bank, KAKEIBO);
    const { params } = await authorizeDemo(bank, pushed, { scopes: ['balance'] });
    const { refresh_token } = (await (await exchangeCode(bank, pushed, params.code)).json()) as {
      refresh_token: string;
    };
    const response = await postForm(
      bank,
      '/token',
      { grant_type: 'refresh_token', refresh_token, scope: 'balance transactions' },
      basic(KAKEIBO.clientId, KAKEIBO.secret),
    );
    assert.equal(await oauthError(response), 'invalid_scope');
  });
});

describe('POST /revoke (RFC 7009)', () => {
  test('revoking a refresh token also revokes the access tokens of the same grant (RFC 7009 §2.1)', async () => {
    const { pushed, code } = await issuedCode(bank);
    const tokens = (await (await exchangeCode(bank, pushed, code)).json()) as {
      access_token: string;
      refresh_token: string;
    };
    const auth = basic(QUICK.clientId, QUICK.secret);
    const response = await postForm(
      bank,
      '/revoke',
      { token: tokens.refresh_token, token_type_hint: 'refresh_token' },
      auth,
    );
    assert.equal(response.status, 200);
    assert.equal((await bank.fetch('/api/v1/accounts', bearer(tokens.access_token))).status, 401);
    const refresh = await postForm(
      bank,
      '/token',
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token },
      auth,
    );
    assert.equal(await oauthError(refresh), 'invalid_grant');
  });

  test('revokes an access token on its own', async () => {
    const { pushed, code } = await issuedCode(bank);
    const tokens = (await (await exchangeCode(bank, pushed, code)).json()) as {
      access_token: string;
    };
    assert.equal(
      (
        await postForm(
          bank,
          '/revoke',
          { token: tokens.access_token },
          basic(QUICK.clientId, QUICK.secret),
        )
      ).status,
      200,
    );
    assert.equal((await bank.fetch('/api/v1/accounts', bearer(tokens.access_token))).status, 401);
  });

  test('answers 200 for an unknown token (RFC 7009 §2.2)', async () => {
    const response = await postForm(
      bank,
      '/revoke',
      { token: 'not-a-token' },
      basic(QUICK.clientId, QUICK.secret),
    );
    assert.equal(response.status, 200);
  });

  test("refuses to revoke another client's token and requires client authentication (RFC 7009 §2.1)", async () => {
    const { pushed, code } = await issuedCode(bank, QUICK);
    const tokens = (await (await exchangeCode(bank, pushed, code)).json()) as {
      access_token: string;
    };
    const other = await postForm(
      bank,
      '/revoke',
      { token: tokens.access_token },
      basic(KAKEIBO.clientId, KAKEIBO.secret),
    );
    assert.equal(other.status, 400);
    assert.equal((await bank.fetch('/api/v1/accounts', bearer(tokens.access_token))).status, 200);
    assert.equal((await postForm(bank, '/revoke', { token: tokens.access_token })).status, 401);
  });
});
