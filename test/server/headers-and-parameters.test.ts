import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  authorizeDemo,
  basic,
  exchangeCode,
  issuedCode,
  KAKEIBO,
  pkcePair,
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

/** A form body with every pair as given, repeats included (a record could not repeat a name). */
function rawForm(pairs: [string, string][], authorization: string): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: authorization },
    body: new URLSearchParams(pairs).toString(),
  };
}

async function oauthError(
  response: Response,
): Promise<{ error: string; error_description: string }> {
  assert.equal(response.status, 400);
  return (await response.json()) as never;
}

const authorizeQuery = (requestUri: string) =>
  `client_id=${KAKEIBO.clientId}&request_uri=${encodeURIComponent(requestUri)}`;

describe('parameter pollution: a repeated parameter is refused (RFC 6749 §3.1, §3.2)', () => {
  test('/authorize shows an error page, never a redirect, for a second request_uri or client_id', async () => {
    const [mine, other] = [await pushRequest(bank), await pushRequest(bank)];
    for (const query of [
      `${authorizeQuery(mine.requestUri)}&request_uri=${encodeURIComponent(other.requestUri)}`,
      `${authorizeQuery(mine.requestUri)}&client_id=${QUICK.clientId}`,
      `${authorizeQuery(mine.requestUri)}&ui_locales=en&ui_locales=ja`,
    ]) {
      const response = await bank.fetch(`/authorize?${query}`, { redirect: 'manual' });
      assert.equal(response.status, 400, query);
      assert.equal(response.headers.get('Location'), null);
      assert.match(response.headers.get('Content-Type') ?? '', /^text\/html/);
      assert.match(
        await response.text(),
        /role="alert"[^>]*>認可リクエストのパラメータ「\w+」が重複しています/,
      );
    }
    // Refused before anything was used: the pushed request still opens the page.
    assert.equal((await bank.fetch(`/authorize?${authorizeQuery(mine.requestUri)}`)).status, 200);
  });

  test('/par answers invalid_request for a repeated redirect_uri, and for a repeated name it does not know', async () => {
    const { challenge } = pkcePair();
    const pairs: [string, string][] = [
      ['response_type', 'code'],
      ['redirect_uri', REDIRECT_URI],
      ['scope', 'balance'],
      ['state', 's'],
      ['code_challenge', challenge],
      ['code_challenge_method', 'S256'],
    ];
    const auth = basic(KAKEIBO.clientId, KAKEIBO.secret);
    const repeats: [string, string][][] = [
      [['redirect_uri', 'https://evil.example/cb']],
      [
        ['x-tracking', 'a'],
        ['x-tracking', 'b'],
      ],
    ];
    for (const repeat of repeats) {
      const body = await oauthError(await bank.fetch('/par', rawForm([...pairs, ...repeat], auth)));
      assert.deepEqual(body, {
        error: 'invalid_request',
        error_description: `${repeat[0][0]}: must not be repeated.`,
      });
    }
    assert.equal((await bank.fetch('/par', rawForm(pairs, auth))).status, 201);
  });

  test('/token refuses a second code and /revoke a second token with invalid_request', async () => {
    const pushed = await pushRequest(bank, QUICK);
    const { params } = await authorizeDemo(bank, pushed);
    const auth = basic(QUICK.clientId, QUICK.secret);
    const exchange: [string, string][] = [
      ['grant_type', 'authorization_code'],
      ['code', params.code],
      ['redirect_uri', REDIRECT_URI],
      ['code_verifier', pushed.verifier],
    ];
    const twice = await oauthError(
      await bank.fetch('/token', rawForm([...exchange, ['code', 'x']], auth)),
    );
    assert.deepEqual(twice, {
      error: 'invalid_request',
      error_description: 'code: must not be repeated.',
    });
    // Refused before the code was redeemed: it still works once.
    const tokens = (await (await exchangeCode(bank, pushed, params.code)).json()) as {
      access_token: string;
    };
    const revoke = rawForm(
      [
        ['token', tokens.access_token],
        ['token', 'other'],
      ],
      auth,
    );
    assert.equal((await oauthError(await bank.fetch('/revoke', revoke))).error, 'invalid_request');
    const api = await bank.fetch('/api/v1/accounts', {
      headers: { Authorization: `Bearer ${tokens.access_token}` },
    });
    assert.equal(api.status, 200);
  });
});

describe('response headers', () => {
  test('every response carries Date as an IMF-fixdate, the account API and its refusals included (RFC 9110 §6.6.1)', async () => {
    const { pushed, code } = await issuedCode(bank);
    const { access_token } = (await (await exchangeCode(bank, pushed, code)).json()) as {
      access_token: string;
    };
    const responses = {
      'the account API': await bank.fetch('/api/v1/accounts', {
        headers: { Authorization: `Bearer ${access_token}` },
      }),
      'its refusal': await bank.fetch('/api/v1/accounts'),
      'a token error': await exchangeCode(bank, pushed, 'no-such-code'),
      'the metadata': await bank.fetch('/.well-known/oauth-authorization-server'),
    };
    for (const [what, response] of Object.entries(responses)) {
      const date = response.headers.get('Date') ?? '';
      assert.match(
        date,
        /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
        what,
      );
      assert.ok(!Number.isNaN(Date.parse(date)), what);
    }
    assert.equal(responses['the account API'].status, 200);
  });

  test("an injected inline style or script cannot run on the hosted page: no 'unsafe-inline' in its CSP, only the first screen's hashes", async () => {
    const pushed = await pushRequest(bank);
    const page = await bank.fetch(`/authorize?${authorizeQuery(pushed.requestUri)}`);
    const error = await bank.fetch('/authorize?client_id=nobody');
    for (const response of [page, error]) {
      const policy = response.headers.get('Content-Security-Policy') ?? '';
      assert.doesNotMatch(policy, /unsafe-inline/);
      assert.match(policy, /(^|; )style-src 'self'( 'sha256-[A-Za-z0-9+/]{43}=')+;/);
      assert.match(policy, /(^|; )script-src 'self'( 'sha256-[A-Za-z0-9+/]{43}=')+;/);
    }
  });

  test('a network attacker cannot downgrade a later visit to http: HSTS on every https response (RFC 6797 §7.2)', async () => {
    const secureBank = await startBank({ https: true });
    try {
      const pushed = await pushRequest(secureBank);
      const paths = [
        `/authorize?${authorizeQuery(pushed.requestUri)}`,
        '/authorize',
        '/.well-known/oauth-authorization-server',
        '/nowhere',
      ];
      for (const path of paths) {
        const hsts = (await secureBank.fetch(path)).headers.get('Strict-Transport-Security');
        assert.equal(hsts, 'max-age=63072000; includeSubDomains', path);
      }
    } finally {
      await secureBank.stop();
    }
    // Over http (the local demo) a browser must ignore it (RFC 6797 §8.1), so it is not sent.
    const plain = await bank.fetch('/.well-known/oauth-authorization-server');
    assert.equal(plain.headers.get('Strict-Transport-Security'), null);
  });
});
