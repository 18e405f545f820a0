import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWTPayload } from 'jose';
import * as oauth from 'oauth4webapi';
import {
  ISSUER,
  KAKEIBO,
  REDIRECT_URI,
  form,
  partnerRow,
  pkcePair,
  postForm,
  pushRequest,
  fapiPartnerRow,
} from './actors.js';
import {
  assertion,
  assertionClaims,
  ath,
  authorize,
  callApi,
  challengeOf,
  discover,
  dpopKey,
  dpopProof,
  exchange,
  fapiPartner,
  push,
  refresh,
  refusal,
  signingKey,
  transport,
  type FapiPartner,
  type SigningKey,
} from './fapi-client.js';
import { startBank, type Bank } from './harness.js';

/**
 * The FAPI 2.0 Security Profile as a partner registered for it lives it: pushed requests with
 * private_key_jwt, DPoP-bound codes and tokens, refresh tokens that survive a lost answer; and
 * every refusal the profile and its RFCs require. The client is oauth4webapi, not this server's
 * code, wherever a correct client is needed; hand-made JWTs where an incorrect one is.
 */

const FAPI = 'test-fapi';
const FAPI_WITH_SECRET = { clientId: 'test-fapi-secret', secret: 'test-fapi-registered-secret' };
const PKJWT_BASIC = 'test-pkjwt-basic';

let bank: Bank;
let as: oauth.AuthorizationServer;
let es256: SigningKey;
let ps256: SigningKey;
let eddsa: SigningKey;
/** An RSA key registered without `alg`, so only the algorithm can make a signature unacceptable. */
let rsa: SigningKey;
let basicKey: SigningKey;
let partner: FapiPartner;

before(async () => {
  [es256, ps256, eddsa, rsa, basicKey] = await Promise.all([
    signingKey('ES256'),
    signingKey('PS256'),
    signingKey('EdDSA'),
    signingKey('RS256'),
    signingKey('ES256'),
  ]);
  const rsaWithoutAlg = { ...rsa.publicJwk, alg: undefined };
  bank = await startBank({
    extraRows: [
      await partnerRow({
        clientId: FAPI,
        profile: 'fapi2',
        jwks: { keys: [es256.publicJwk, ps256.publicJwk, eddsa.publicJwk, rsaWithoutAlg] },
        redirectUris: [REDIRECT_URI],
        // Registered for plain requests too: the profile still requires PAR.
        allowsPlainAuthorizationRequest: true,
      }),
      await partnerRow({
        ...FAPI_WITH_SECRET,
        profile: 'fapi2',
        authMethod: 'client_secret_basic',
        redirectUris: [REDIRECT_URI],
      }),
      await partnerRow({
        clientId: PKJWT_BASIC,
        jwks: { keys: [basicKey.publicJwk] },
        redirectUris: [REDIRECT_URI],
      }),
    ],
  });
  as = await discover(bank);
  partner = fapiPartner(as, FAPI, es256);
});
after(() => bank.stop());

/** A whole flow with DPoP key `key`, up to the token response. */
async function tokensFor(DPoP: oauth.DPoPHandle, who = partner) {
  const pushed = await push(bank, who, DPoP);
  const callback = await authorize(bank, who, pushed);
  const response = await exchange(bank, who, pushed, callback, DPoP);
  return oauth.processAuthorizationCodeResponse(who.as, who.client, response);
}

const dpop = async (
  alg: 'ES256' | 'PS256' | 'EdDSA' = 'ES256',
  options?: oauth.ModifyAssertionOptions,
) => oauth.DPoP(partner.client, await dpopKey(alg), options);

/** A pushed request sent by hand, authenticated with `clientAssertion`. */
function rawPar(clientId: string, clientAssertion: string, extra: Record<string, string> = {}) {
  return postForm(bank, '/par', {
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope: 'balance',
    state: 'raw-state',
    code_challenge: pkcePair().challenge,
    code_challenge_method: 'S256',
    client_id: clientId,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: clientAssertion,
    ...extra,
  });
}

async function errorOf(response: Response): Promise<string> {
  return ((await response.json()) as { error: string }).error;
}

describe('a FAPI 2.0 partner, end to end with oauth4webapi (FAPI 2.0 SP §5.3)', () => {
  test('PAR with private_key_jwt and DPoP, the flow, a DPoP code exchange and DPoP calls to the account API (RFC 9126 §2, RFC 7523 §2.2, RFC 9449 §5, §7)', async () => {
    const DPoP = await dpop();
    const tokens = await tokensFor(DPoP);
    assert.equal(tokens.token_type, 'dpop');
    assert.equal(tokens.scope, 'balance transactions');
    const accounts = await callApi(bank, '/api/v1/accounts', tokens.access_token, DPoP);
    assert.equal(accounts.status, 200);
    const { accounts: listed } = (await accounts.json()) as { accounts: { id: string }[] };
    assert.ok(listed.length > 0);
    const balance = await callApi(
      bank,
      `/api/v1/accounts/${listed[0].id}/balance`,
      tokens.access_token,
      DPoP,
    );
    assert.equal(balance.status, 200);
  });

  test('every DPoP algorithm of the profile binds tokens: ES256, PS256 and EdDSA (FAPI 2.0 SP §5.4)', async () => {
    for (const alg of ['PS256', 'EdDSA'] as const) {
      const DPoP = await dpop(alg);
      const tokens = await tokensFor(DPoP, fapiPartner(as, FAPI, alg === 'PS256' ? ps256 : eddsa));
      assert.equal(
        (await callApi(bank, '/api/v1/accounts', tokens.access_token, DPoP)).status,
        200,
        alg,
      );
    }
  });

  test('a refresh retried after a lost response still works: the refresh token is not rotated and stays bound to the key (FAPI 2.0 SP §5.3.2.1 note 2)', async () => {
    const DPoP = await dpop();
    const tokens = await tokensFor(DPoP);
    const lost = await refresh(bank, partner, tokens.refresh_token!, DPoP);
    assert.equal(lost.status, 200);
    // The partner never saw that answer and sends the same request again.
    const retried = await oauth.processRefreshTokenResponse(
      as,
      partner.client,
      await refresh(bank, partner, tokens.refresh_token!, DPoP),
    );
    assert.equal(retried.token_type, 'dpop');
    assert.equal(retried.refresh_token, tokens.refresh_token);
    assert.equal((await callApi(bank, '/api/v1/accounts', retried.access_token, DPoP)).status, 200);
    assert.equal((await callApi(bank, '/api/v1/accounts', tokens.access_token, DPoP)).status, 200);
  });

  test('revocation with private_key_jwt ends the refresh token and its access tokens (RFC 7009 §2.1)', async () => {
    const DPoP = await dpop();
    const tokens = await tokensFor(DPoP);
    const revoked = await oauth.revocationRequest(
      as,
      partner.client,
      partner.clientAuth,
      tokens.refresh_token!,
      transport(bank),
    );
    await oauth.processRevocationResponse(revoked);
    assert.equal(
      (
        await refusal(
          oauth.processRefreshTokenResponse(
            as,
            partner.client,
            await refresh(bank, partner, tokens.refresh_token!, DPoP),
          ),
        )
      ).error,
      'invalid_grant',
    );
    const api = await challengeOf(callApi(bank, '/api/v1/accounts', tokens.access_token, DPoP));
    assert.equal(api.parameters.error, 'invalid_token');
  });
});

describe('private_key_jwt refusals (RFC 7523 §3)', () => {
  const pushWith = (modify: (claims: Record<string, unknown>) => void, key = es256) =>
    refusal(
      push(
        bank,
        fapiPartner(as, FAPI, key, {
          [oauth.modifyAssertion]: (_header, payload) => modify(payload as Record<string, unknown>),
        }),
      ),
    );

  test('refuses an assertion for another audience with invalid_client (RFC 7523 §3 item 3)', async () => {
    assert.deepEqual(await pushWith((claims) => (claims.aud = 'https://other-bank.example')), {
      error: 'invalid_client',
      status: 400,
    });
  });

  test('a FAPI 2.0 partner must name the issuer as one string: an endpoint URL or an array is refused (FAPI 2.0 SP §5.3.2.1 item 8)', async () => {
    for (const aud of [`${ISSUER}/par`, `${ISSUER}/token`, [ISSUER, 'https://other.example']]) {
      const { error } = await pushWith((claims) => (claims.aud = aud));
      assert.equal(error, 'invalid_client', JSON.stringify(aud));
    }
  });

  test('a partner of the basic profile may also name the endpoint URL, or the issuer among others (RFC 7523 §3 item 3, OpenID Connect Core §9)', async () => {
    for (const aud of [`${ISSUER}/par`, [ISSUER, 'https://other.example']]) {
      const who = fapiPartner(as, PKJWT_BASIC, basicKey, {
        [oauth.modifyAssertion]: (_header, payload) => {
          payload.aud = aud;
        },
      });
      const pushed = await push(bank, who);
      assert.match(pushed.requestUri, /^urn:ietf:params:oauth:request_uri:/, JSON.stringify(aud));
    }
  });

  test('refuses an expired assertion (RFC 7523 §3 item 4)', async () => {
    const { error } = await pushWith((claims) => {
      claims.iat = (claims.iat as number) - 360;
      claims.nbf = claims.iat;
      claims.exp = (claims.exp as number) - 360;
    });
    assert.equal(error, 'invalid_client');
  });

  test('refuses an assertion that would stay valid for more than 60 seconds (RFC 7523 §3 item 4)', async () => {
    const { error } = await pushWith((claims) => (claims.exp = (claims.iat as number) + 300));
    assert.equal(error, 'invalid_client');
  });

  test('accepts iat and nbf 8 s ahead, refuses them over 60 s ahead (FAPI 2.0 SP §5.3.2.1 item 13)', async () => {
    const ahead = (seconds: number) =>
      fapiPartner(as, FAPI, es256, {
        [oauth.modifyAssertion]: (_header, payload) => {
          payload.iat = (payload.iat as number) + seconds;
          payload.nbf = (payload.nbf as number) + seconds;
          payload.exp = (payload.exp as number) + (seconds > 60 ? seconds : 0);
        },
      });
    assert.ok((await push(bank, ahead(8))).requestUri);
    assert.equal((await refusal(push(bank, ahead(62)))).error, 'invalid_client');
  });

  test('refuses a replayed assertion: each jti is used once (RFC 7523 §3 item 7)', async () => {
    const signed = await assertion(
      es256.privateKey,
      'ES256',
      assertionClaims(FAPI),
      es256.publicJwk.kid,
    );
    assert.equal((await rawPar(FAPI, signed)).status, 201);
    const replayed = await rawPar(FAPI, signed);
    assert.equal(replayed.status, 400);
    assert.equal(await errorOf(replayed), 'invalid_client');
  });

  test('refuses an assertion without sub, or with iss or sub naming another client, even with client_id sent (RFC 7523 §3 items 1, 2)', async () => {
    const claims: Record<string, JWTPayload> = {
      'no sub': assertionClaims(FAPI, { sub: undefined }),
      'iss of another client': assertionClaims(FAPI, { iss: PKJWT_BASIC }),
      'sub of another client': assertionClaims(FAPI, { sub: PKJWT_BASIC }),
    };
    for (const [what, payload] of Object.entries(claims)) {
      const signed = await assertion(es256.privateKey, 'ES256', payload, es256.publicJwk.kid);
      const refused = await rawPar(FAPI, signed);
      assert.equal(refused.status, 400, what);
      assert.match(await errorOf(refused), /^invalid_(client|request)$/, what);
    }
  });

  test('refuses RS256, HS256 and none; accepts PS256 and EdDSA (FAPI 2.0 SP §5.4 item 1)', async () => {
    const rs256 = await assertion(
      rsa.privateKey,
      'RS256',
      assertionClaims(FAPI),
      rsa.publicJwk.kid,
    );
    assert.equal(await errorOf(await rawPar(FAPI, rs256)), 'invalid_client');
    const hs256 = await new SignJWT(assertionClaims(FAPI))
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('a shared secret that is no registered key'));
    assert.equal(await errorOf(await rawPar(FAPI, hs256)), 'invalid_client');
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const none = `${encode({ alg: 'none' })}.${encode(assertionClaims(FAPI))}.`;
    assert.equal(await errorOf(await rawPar(FAPI, none)), 'invalid_client');

    // The same RSA key with PS256 is accepted: the algorithm was refused, not the key.
    const rsaPrivateJwk = { ...(await exportJWK(rsa.privateKey)), alg: undefined };
    const asPss = (await importJWK(rsaPrivateJwk, 'PS256')) as CryptoKey;
    const ps = await assertion(asPss, 'PS256', assertionClaims(FAPI), rsa.publicJwk.kid);
    assert.equal((await rawPar(FAPI, ps)).status, 201);
    const ed = await assertion(
      eddsa.privateKey,
      'EdDSA',
      assertionClaims(FAPI),
      eddsa.publicJwk.kid,
    );
    assert.equal((await rawPar(FAPI, ed)).status, 201);
  });

  test('refuses an assertion signed by a key the partner did not register (RFC 7523 §3 item 9)', async () => {
    const stranger = await signingKey('ES256');
    const signed = await assertion(
      stranger.privateKey,
      'ES256',
      assertionClaims(FAPI),
      es256.publicJwk.kid,
    );
    assert.equal(await errorOf(await rawPar(FAPI, signed)), 'invalid_client');
  });

  test('refuses a client secret from a FAPI 2.0 partner, even one registered with a secret (FAPI 2.0 SP §5.3.2.1 item 4)', async () => {
    const pushed = await postForm(
      bank,
      '/par',
      {
        response_type: 'code',
        redirect_uri: REDIRECT_URI,
        scope: 'balance',
        state: 'secret-state',
        code_challenge: pkcePair().challenge,
        code_challenge_method: 'S256',
      },
      'Basic ' +
        Buffer.from(`${FAPI_WITH_SECRET.clientId}:${FAPI_WITH_SECRET.secret}`).toString('base64'),
    );
    assert.equal(pushed.status, 401);
    assert.equal(await errorOf(pushed), 'invalid_client');
  });

  test('refuses two authentication methods in one request, and a secret in the body (RFC 6749 §2.3)', async () => {
    const signed = await assertion(es256.privateKey, 'ES256', assertionClaims(KAKEIBO.clientId));
    const init = form({
      grant_type: 'refresh_token',
      refresh_token: 'x',
      client_assertion: signed,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    });
    (init.headers as Record<string, string>).Authorization =
      'Basic ' + Buffer.from(`${KAKEIBO.clientId}:${KAKEIBO.secret}`).toString('base64');
    assert.equal(await errorOf(await bank.fetch('/token', init)), 'invalid_request');
    const post = await postForm(bank, '/token', {
      grant_type: 'refresh_token',
      refresh_token: 'x',
      client_id: KAKEIBO.clientId,
      client_secret: KAKEIBO.secret,
    });
    assert.equal(await errorOf(post), 'invalid_client');
  });

  test('the token endpoint refuses an expired assertion too (RFC 7523 §3 item 4)', async () => {
    const DPoP = await dpop();
    const pushed = await push(bank, partner, DPoP);
    const callback = await authorize(bank, partner, pushed);
    const late = fapiPartner(as, FAPI, es256, {
      [oauth.modifyAssertion]: (_header, payload) => {
        payload.exp = (payload.exp as number) - 600;
      },
    });
    const { error } = await refusal(
      oauth.processAuthorizationCodeResponse(
        as,
        partner.client,
        await exchange(bank, late, pushed, callback, DPoP),
      ),
    );
    assert.equal(error, 'invalid_client');
  });
});

describe('the fapi2 profile: PAR only (FAPI 2.0 SP §5.3.2.2 item 2, RFC 9126 §4)', () => {
  test('refuses a plain authorization request from a FAPI 2.0 partner, even one registered for plain requests', async () => {
    const query = new URLSearchParams({
      client_id: FAPI,
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      scope: 'balance',
      state: 'plain-state',
      code_challenge: pkcePair().challenge,
      code_challenge_method: 'S256',
    });
    const response = await bank.fetch(`/authorize?${query}`);
    assert.equal(response.status, 400);
    assert.match(await response.text(), /must push its authorization request \(PAR\)/);
  });
});

describe('DPoP at PAR and the token endpoint (RFC 9449 §5, §10)', () => {
  test('refuses a FAPI 2.0 code exchange without a DPoP proof, before the code is used (FAPI 2.0 SP §5.3.2.1 item 6, RFC 9449 §5)', async () => {
    const DPoP = await dpop();
    const pushed = await push(bank, partner);
    const callback = await authorize(bank, partner, pushed);
    const bare = await refusal(
      oauth.processAuthorizationCodeResponse(
        as,
        partner.client,
        await exchange(bank, partner, pushed, callback),
      ),
    );
    assert.deepEqual(bare, { error: 'invalid_dpop_proof', status: 400 });
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      partner.client,
      await exchange(bank, partner, pushed, callback, DPoP),
    );
    assert.equal(tokens.token_type, 'dpop');
  });

  test('a code bound by the PAR proof is redeemed only with a proof by the same key (RFC 9449 §10.1)', async () => {
    const bound = await dpop();
    const pushed = await push(bank, partner, bound);
    const callback = await authorize(bank, partner, pushed);
    const other = await dpop();
    const { error } = await refusal(
      oauth.processAuthorizationCodeResponse(
        as,
        partner.client,
        await exchange(bank, partner, pushed, callback, other),
      ),
    );
    assert.equal(error, 'invalid_grant');
  });

  test('refuses a PAR whose dpop_jkt and DPoP proof name different keys (RFC 9449 §10.1)', async () => {
    const other = await dpop();
    const { error } = await refusal(
      push(bank, partner, await dpop(), { dpop_jkt: await other.calculateThumbprint() }),
    );
    assert.equal(error, 'invalid_dpop_proof');
  });

  test('dpop_jkt alone binds the code: redeemed without a proof, or with another key, it is refused (RFC 9449 §10)', async () => {
    const who = fapiPartner(as, PKJWT_BASIC, basicKey);
    const key = await dpop();
    const pushed = await push(bank, who, undefined, { dpop_jkt: await key.calculateThumbprint() });
    const callback = await authorize(bank, who, pushed);
    const { error } = await refusal(
      oauth.processAuthorizationCodeResponse(
        as,
        who.client,
        await exchange(bank, who, pushed, callback),
      ),
    );
    assert.equal(error, 'invalid_grant');
  });

  test('a partner of the basic profile that sends no proof gets Bearer tokens, and with one DPoP-bound tokens (RFC 9449 §5)', async () => {
    const who = fapiPartner(as, PKJWT_BASIC, basicKey);
    const pushed = await push(bank, who);
    const bearer = await oauth.processAuthorizationCodeResponse(
      as,
      who.client,
      await exchange(bank, who, pushed, await authorize(bank, who, pushed)),
    );
    assert.equal(bearer.token_type, 'bearer');
    const DPoP = await dpop();
    const bound = await tokensFor(DPoP, who);
    assert.equal(bound.token_type, 'dpop');
  });

  test('refuses an invalid proof at the token endpoint with invalid_dpop_proof: wrong htu, wrong htm (RFC 9449 §4.3 items 8, 9)', async () => {
    for (const [claim, value] of [
      ['htu', `${ISSUER}/par`],
      ['htm', 'GET'],
    ]) {
      const DPoP = await dpop('ES256', {
        [oauth.modifyAssertion]: (_header, payload) => {
          payload[claim] = value;
        },
      });
      const pushed = await push(bank, partner);
      const callback = await authorize(bank, partner, pushed);
      const { error } = await refusal(
        oauth.processAuthorizationCodeResponse(
          as,
          partner.client,
          await exchange(bank, partner, pushed, callback, DPoP),
        ),
      );
      assert.equal(error, 'invalid_dpop_proof', claim);
    }
  });

  test("refuses a refresh with another key's proof, or none, and changes nothing (RFC 9449 §5)", async () => {
    const DPoP = await dpop();
    const tokens = await tokensFor(DPoP);
    const other = await refusal(
      oauth.processRefreshTokenResponse(
        as,
        partner.client,
        await refresh(bank, partner, tokens.refresh_token!, await dpop()),
      ),
    );
    assert.equal(other.error, 'invalid_grant');
    const none = await refusal(
      oauth.processRefreshTokenResponse(
        as,
        partner.client,
        await refresh(bank, partner, tokens.refresh_token!),
      ),
    );
    assert.equal(none.error, 'invalid_dpop_proof');
    const refreshed = await refresh(bank, partner, tokens.refresh_token!, DPoP);
    assert.equal(refreshed.status, 200);
  });

  test('refuses a narrowed scope at refresh with invalid_scope, without side effects (RFC 6749 §6)', async () => {
    const DPoP = await dpop();
    const tokens = await tokensFor(DPoP);
    const narrowed = await refusal(
      oauth.processRefreshTokenResponse(
        as,
        partner.client,
        await refresh(bank, partner, tokens.refresh_token!, DPoP, { scope: 'balance' }),
      ),
    );
    assert.equal(narrowed.error, 'invalid_scope');
    assert.equal((await callApi(bank, '/api/v1/accounts', tokens.access_token, DPoP)).status, 200);
    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      partner.client,
      await refresh(bank, partner, tokens.refresh_token!, DPoP),
    );
    assert.equal(refreshed.scope, 'balance transactions');
  });
});

describe('DPoP at the account API (RFC 9449 §7)', () => {
  let key: CryptoKeyPair;
  let DPoP: oauth.DPoPHandle;
  let accessToken: string;
  const url = `${ISSUER}/api/v1/accounts`;

  before(async () => {
    key = await dpopKey();
    DPoP = oauth.DPoP(partner.client, key);
    accessToken = (await tokensFor(DPoP)).access_token;
  });

  /** A request with a hand-made proof; answers the status and the DPoP challenge's error. */
  async function send(
    proof: string | null,
    authorization = `DPoP ${accessToken}`,
    path = '/api/v1/accounts',
  ) {
    const headers: Record<string, string> = { Authorization: authorization };
    if (proof !== null) headers.DPoP = proof;
    const response = await bank.fetch(path, { headers });
    return { status: response.status, challenge: response.headers.get('WWW-Authenticate') ?? '' };
  }

  const goodClaims = async () => ({ htm: 'GET', htu: url, ath: await ath(accessToken) });

  test('accepts a fresh proof, and ignores the query of htu and of the request (RFC 9449 §4.3 item 9)', async () => {
    assert.equal((await send(await dpopProof(key, 'ES256', await goodClaims()))).status, 200);
    const account = (await (await callApi(bank, '/api/v1/accounts', accessToken, DPoP)).json()) as {
      accounts: { id: string }[];
    };
    const path = `/api/v1/accounts/${account.accounts[0].id}/transactions?limit=5`;
    const proof = await dpopProof(key, 'ES256', {
      ...(await goodClaims()),
      htu: `${ISSUER}${path}#top`,
    });
    assert.equal((await send(proof, `DPoP ${accessToken}`, path)).status, 200);
  });

  test('refuses the token without a proof: 401 with DPoP error="invalid_dpop_proof" (RFC 9449 §7.1)', async () => {
    const { status, challenge } = await send(null);
    assert.equal(status, 401);
    assert.match(challenge, /DPoP realm="api-link-auth", error="invalid_dpop_proof"/);
  });

  test('refuses a proof by another key: invalid_token, with the algorithms offered (RFC 9449 §7.1)', async () => {
    const refused = await challengeOf(callApi(bank, '/api/v1/accounts', accessToken, await dpop()));
    assert.equal(refused.status, 401);
    assert.equal(refused.scheme, 'dpop');
    assert.equal(refused.parameters.error, 'invalid_token');
    assert.equal(refused.parameters.algs, 'PS256 ES256 EdDSA Ed25519');
  });

  test('refuses a replayed proof: each jti is used once (RFC 9449 §11.1)', async () => {
    const proof = await dpopProof(key, 'ES256', await goodClaims());
    assert.equal((await send(proof)).status, 200);
    const replayed = await send(proof);
    assert.equal(replayed.status, 401);
    assert.match(replayed.challenge, /error="invalid_dpop_proof"/);
  });

  test('refuses a proof whose ath is not the hash of the token it comes with (RFC 9449 §4.3 item 12)', async () => {
    const proof = await dpopProof(key, 'ES256', {
      ...(await goodClaims()),
      ath: await ath('another token'),
    });
    const { status, challenge } = await send(proof);
    assert.equal(status, 401);
    assert.match(challenge, /error="invalid_dpop_proof", error_description="DPoP proof: ath/);
  });

  test('refuses the DPoP-bound token presented as a Bearer token (RFC 9449 §7.2)', async () => {
    const { status, challenge } = await send(null, `Bearer ${accessToken}`);
    assert.equal(status, 401);
    assert.match(challenge, /^Bearer realm="api-link-auth", error="invalid_token"/);
    const withProof = await send(
      await dpopProof(key, 'ES256', await goodClaims()),
      `Bearer ${accessToken}`,
    );
    assert.equal(withProof.status, 401);
  });

  test('refuses a wrong htm, a stale or future iat, a private key in jwk, two proofs, typ missing and RS256 (RFC 9449 §4.3)', async () => {
    const claims = await goodClaims();
    const now = Math.floor(Date.now() / 1000);
    const privateJwk = await exportJWK(key.privateKey);
    const rsaKey = (await generateKeyPair('RS256', { extractable: true })) as CryptoKeyPair;
    const proofs: Record<string, string> = {
      'htm POST': await dpopProof(key, 'ES256', { ...claims, htm: 'POST' }),
      'iat an hour ago': await dpopProof(key, 'ES256', { ...claims, iat: now - 3600 }),
      'iat an hour ahead': await dpopProof(key, 'ES256', { ...claims, iat: now + 3600 }),
      'a private jwk': await dpopProof(key, 'ES256', claims, { jwk: privateJwk }),
      'two proofs': `${await dpopProof(key, 'ES256', claims)}, ${await dpopProof(key, 'ES256', claims)}`,
      'no typ': await new SignJWT({ ...claims, jti: 'no-typ', iat: now })
        .setProtectedHeader({ alg: 'ES256', jwk: await exportJWK(key.publicKey) })
        .sign(key.privateKey),
      RS256: await dpopProof(rsaKey, 'RS256', claims),
    };
    for (const [what, proof] of Object.entries(proofs)) {
      const { status, challenge } = await send(proof);
      assert.equal(status, 401, what);
      assert.match(challenge, /DPoP realm="api-link-auth", error="invalid_dpop_proof"/, what);
    }
  });

  test("refuses every proof of the conformance suite's DPoP negative tests: 401 invalid_dpop_proof (RFC 9449 §4.3, §7.1)", async () => {
    const claims = await goodClaims();
    const now = Math.floor(Date.now() / 1000);
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const jwk = await exportJWK(key.publicKey);
    const good = await dpopProof(key, 'ES256', claims);
    const [header, payload, signature] = good.split('.');
    const flipped = signature[10] === 'A' ? 'B' : 'A';
    const proofs: Record<string, string> = {
      'not a JWT': 'not-a-jwt',
      'no ath': await dpopProof(key, 'ES256', { ...claims, ath: undefined }),
      'no jti': await dpopProof(key, 'ES256', { ...claims, jti: undefined }),
      'no htm': await dpopProof(key, 'ES256', { ...claims, htm: undefined }),
      'no htu': await dpopProof(key, 'ES256', { ...claims, htu: undefined }),
      'no iat': await dpopProof(key, 'ES256', { ...claims, iat: undefined }),
      'no jwk': await dpopProof(key, 'ES256', claims, { jwk: undefined }),
      'typ jwt': await dpopProof(key, 'ES256', claims, { typ: 'jwt' }),
      'alg none': `${b64({ alg: 'none', typ: 'dpop+jwt', jwk })}.${b64({ ...claims, jti: 'none', iat: now })}.`,
      'a broken signature': `${header}.${payload}.${signature.slice(0, 10)}${flipped}${signature.slice(11)}`,
      'htu of another resource': await dpopProof(key, 'ES256', {
        ...claims,
        htu: `${ISSUER}/api/v1/other`,
      }),
    };
    for (const [what, proof] of Object.entries(proofs)) {
      const { status, challenge } = await send(proof);
      assert.equal(status, 401, what);
      assert.match(challenge, /DPoP realm="api-link-auth", error="invalid_dpop_proof"/, what);
    }
  });

  test('accepts what the suite expects accepted: extra header parameters and claims, nbf and exp, iat 8 s ahead or 10 s ago, htu with an upper-case scheme, and the scheme name in any case (RFC 9449 §4.3, RFC 3986 §6.2.2, RFC 9110 §11.1, FAPI 2.0 SP §5.3.2.1 item 13)', async () => {
    const claims = await goodClaims();
    const now = Math.floor(Date.now() / 1000);
    const accepted: Record<string, [string, string?]> = {
      'extra parameters': [
        await dpopProof(key, 'ES256', { ...claims, extra: 'claim' }, { extra: 'header' }),
      ],
      'nbf now, exp in five minutes': [
        await dpopProof(key, 'ES256', { ...claims, nbf: now, exp: now + 300 }),
      ],
      'iat 8 s ahead': [await dpopProof(key, 'ES256', { ...claims, iat: now + 8 })],
      'iat 10 s ago': [await dpopProof(key, 'ES256', { ...claims, iat: now - 10 })],
      'HTTP in htu': [
        await dpopProof(key, 'ES256', { ...claims, htu: url.replace('http:', 'HTTP:') }),
      ],
      'scheme dpop': [await dpopProof(key, 'ES256', claims), `dpop ${accessToken}`],
      'scheme DPOP': [await dpopProof(key, 'ES256', claims), `DPOP ${accessToken}`],
    };
    for (const [what, [proof, authorization]] of Object.entries(accepted)) {
      assert.equal((await send(proof, authorization)).status, 200, what);
    }
  });
});

describe('server-provided DPoP nonces (RFC 9449 §8, §9)', () => {
  let nonceBank: Bank;
  let nonceAs: oauth.AuthorizationServer;
  let noncePartner: FapiPartner;

  before(async () => {
    nonceBank = await startBank({
      vars: { DPOP_NONCE_SECRET: 'a test secret for DPoP nonces' },
      extraRows: [await fapiPartnerRow(FAPI, es256.publicJwk)],
    });
    nonceAs = await discover(nonceBank);
    noncePartner = fapiPartner(nonceAs, FAPI, es256);
  });
  after(() => nonceBank.stop());

  /** Sends once; on use_dpop_nonce notes who asked and sends again with the nonce given. */
  async function withNonce<T>(request: () => Promise<T>, asked: string[]): Promise<T> {
    try {
      return await request();
    } catch (error) {
      if (!oauth.isDPoPNonceError(error)) throw error;
      asked.push(
        error instanceof oauth.ResponseBodyError ? 'authorization server' : 'resource server',
      );
      return request();
    }
  }

  async function nonceTokens(DPoP: oauth.DPoPHandle, asked: string[] = []) {
    const pushed = await withNonce(() => push(nonceBank, noncePartner, DPoP), asked);
    const callback = await authorize(nonceBank, noncePartner, pushed);
    return withNonce(
      async () =>
        oauth.processAuthorizationCodeResponse(
          nonceAs,
          noncePartner.client,
          await exchange(nonceBank, noncePartner, pushed, callback, DPoP),
        ),
      asked,
    );
  }

  /** The same pushed request, authenticated afresh, with `proof` as its DPoP header. */
  async function parWithProof(proof: string) {
    const signed = await assertion(
      es256.privateKey,
      'ES256',
      assertionClaims(FAPI),
      es256.publicJwk.kid,
    );
    const init = form({
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      scope: 'balance',
      state: 'nonce-state',
      code_challenge: pkcePair().challenge,
      code_challenge_method: 'S256',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: signed,
    });
    (init.headers as Record<string, string>).DPoP = proof;
    return nonceBank.fetch('/par', init);
  }

  test('oauth4webapi completes the flow: asked once for a nonce, it then carries the latest one (RFC 9449 §8)', async () => {
    const asked: string[] = [];
    const DPoP = oauth.DPoP(noncePartner.client, await dpopKey());
    const tokens = await nonceTokens(DPoP, asked);
    assert.equal(tokens.token_type, 'dpop');
    // Only the first PAR lacked a nonce; every answer after it carried the one to use next.
    assert.deepEqual(asked, ['authorization server']);
    const api = await withNonce(
      () => callApi(nonceBank, '/api/v1/accounts', tokens.access_token, DPoP),
      asked,
    );
    assert.equal(api.status, 200);
  });

  test('the authorization server answers 400 use_dpop_nonce with a DPoP-Nonce header, then accepts that nonce (RFC 9449 §8)', async () => {
    const key = await dpopKey();
    const bare = await parWithProof(
      await dpopProof(key, 'ES256', { htm: 'POST', htu: `${ISSUER}/par` }),
    );
    assert.equal(bare.status, 400);
    assert.equal(await errorOf(bare), 'use_dpop_nonce');
    const nonce = bare.headers.get('DPoP-Nonce') ?? '';
    assert.match(nonce, /^\d+\.[A-Za-z0-9_-]{43}$/);
    const proof = await dpopProof(key, 'ES256', { htm: 'POST', htu: `${ISSUER}/par`, nonce });
    assert.equal((await parWithProof(proof)).status, 201);
  });

  test('the account API answers 401 with DPoP error="use_dpop_nonce" and a DPoP-Nonce header, then accepts that nonce (RFC 9449 §9)', async () => {
    const key = await dpopKey();
    const { access_token: accessToken } = await nonceTokens(oauth.DPoP(noncePartner.client, key));
    const claims = { htm: 'GET', htu: `${ISSUER}/api/v1/accounts`, ath: await ath(accessToken) };
    const call = async (proof: string) =>
      nonceBank.fetch('/api/v1/accounts', {
        headers: { Authorization: `DPoP ${accessToken}`, DPoP: proof },
      });
    const bare = await call(await dpopProof(key, 'ES256', claims));
    assert.equal(bare.status, 401);
    assert.match(
      bare.headers.get('WWW-Authenticate') ?? '',
      /DPoP realm="api-link-auth", error="use_dpop_nonce"/,
    );
    const nonce = bare.headers.get('DPoP-Nonce');
    assert.ok(nonce);
    assert.equal((await call(await dpopProof(key, 'ES256', { ...claims, nonce }))).status, 200);
  });

  test('refuses a nonce the bank did not issue (RFC 9449 §8)', async () => {
    const forged = `${Math.floor(Date.now() / 120_000)}.${'A'.repeat(43)}`;
    const proof = await dpopProof(await dpopKey(), 'ES256', {
      htm: 'POST',
      htu: `${ISSUER}/par`,
      nonce: forged,
    });
    const response = await parWithProof(proof);
    assert.equal(await errorOf(response), 'use_dpop_nonce');
    assert.ok(response.headers.get('DPoP-Nonce'));
  });
});

describe('a production configuration: https only (RFC 8414 §2, RFC 6749 §3.1.2.1)', () => {
  test('with an https issuer, PAR refuses an http redirect URI and accepts an https one', async () => {
    const httpsPartner = { clientId: 'test-https', secret: 'test-https-secret' };
    const production = await startBank({
      vars: { ISSUER: 'https://bank.example' },
      extraRows: [
        await partnerRow({ ...httpsPartner, redirectUris: ['https://partner.example/callback'] }),
      ],
    });
    try {
      const auth =
        'Basic ' + Buffer.from(`${KAKEIBO.clientId}:${KAKEIBO.secret}`).toString('base64');
      const { challenge } = pkcePair();
      const params = {
        response_type: 'code',
        scope: 'balance',
        state: 'https-state',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      };
      const refused = await postForm(
        production,
        '/par',
        { ...params, redirect_uri: REDIRECT_URI },
        auth,
      );
      assert.equal(refused.status, 400);
      assert.equal(await errorOf(refused), 'invalid_request');
      const accepted = await pushRequest(production, httpsPartner, {
        redirect_uri: 'https://partner.example/callback',
      });
      assert.ok(accepted.requestUri);
    } finally {
      await production.stop();
    }
  });
});

describe('every pushed parameter counts (RFC 9126 §4)', () => {
  test('the hosted page speaks the ui_locales pushed in the PAR, which the query cannot override', async () => {
    const english = await pushRequest(bank, KAKEIBO, { ui_locales: 'en-US ja' });
    const page = (uri: string, query = '') =>
      bank
        .fetch(
          `/authorize?client_id=${KAKEIBO.clientId}&request_uri=${encodeURIComponent(uri)}${query}`,
        )
        .then((response) => response.text());
    assert.match(await page(english.requestUri), /<html lang="en">/);
    const japanese = await pushRequest(bank, KAKEIBO, { ui_locales: 'ja' });
    assert.match(await page(japanese.requestUri, '&ui_locales=en'), /<html lang="ja">/);
  });
});

describe('metadata (RFC 8414 §2, RFC 9449 §5.1)', () => {
  test('lists private_key_jwt, the signing algorithms of assertions and proofs, and iss support', () => {
    assert.deepEqual(as.token_endpoint_auth_methods_supported, [
      'client_secret_basic',
      'private_key_jwt',
    ]);
    const algorithms = ['PS256', 'ES256', 'EdDSA', 'Ed25519'];
    assert.deepEqual(as.token_endpoint_auth_signing_alg_values_supported, algorithms);
    assert.deepEqual(as.revocation_endpoint_auth_methods_supported, [
      'client_secret_basic',
      'private_key_jwt',
    ]);
    assert.deepEqual(as.dpop_signing_alg_values_supported, algorithms);
    assert.equal(as.authorization_response_iss_parameter_supported, true);
    assert.equal(typeof as.require_pushed_authorization_requests, 'boolean');
  });
});
