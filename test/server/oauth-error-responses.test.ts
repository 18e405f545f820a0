import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ISSUER, REDIRECT_URI, fapiPartnerRow, pkcePair, postForm } from './actors.js';
import {
  assertion,
  assertionClaims,
  dpopKey,
  dpopProof,
  signingKey,
  type SigningKey,
} from './fapi-client.js';
import { startBank, type Bank } from './harness.js';

/**
 * The error responses of the OAuth endpoints as the OpenID Foundation's FAPI 2.0 conformance
 * suite reads them (ValidateErrorDescriptionFromTokenEndpointResponseError, and its PAR
 * counterpart): `error_description` holds only the characters RFC 6749 §5.2 allows, so a refusal
 * that quotes an audience, a claim or a section sign is still a well-formed error.
 */

const FAPI = 'test-fapi-errors';
/** RFC 6749 §5.2: "%x20-21 / %x23-5B / %x5D-7E", printable ASCII without `"` and `\`. */
const ERROR_DESCRIPTION = /^[\x20-\x21\x23-\x5B\x5D-\x7E]+$/;

let bank: Bank;
let key: SigningKey;

before(async () => {
  key = await signingKey('ES256');
  bank = await startBank({
    extraRows: [await fapiPartnerRow(FAPI, key.publicJwk)],
  });
});
after(() => bank.stop());

const clientAssertion = (claims: Record<string, unknown> = {}) =>
  assertion(key.privateKey, 'ES256', assertionClaims(FAPI, claims), key.publicJwk.kid);

/** A pushed request by hand, with a valid assertion unless `extra` replaces it. */
async function par(extra: Record<string, string> = {}, init: RequestInit = {}) {
  const values = {
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope: 'balance',
    state: 'state',
    code_challenge: pkcePair().challenge,
    code_challenge_method: 'S256',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: await clientAssertion(),
    ...extra,
  };
  return bank.fetch('/par', {
    method: 'POST',
    ...init,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...init.headers },
    body: new URLSearchParams(values).toString(),
  });
}

async function errorResponse(response: Response) {
  const body = (await response.json()) as { error: string; error_description: string };
  return { status: response.status, ...body };
}

describe('error_description within the characters of RFC 6749 §5.2', () => {
  test('a client assertion for another audience: invalid_client, the audience named without quotes (FAPI 2.0 SP §5.3.2.1 item 8)', async () => {
    const refused = await errorResponse(
      await par({ client_assertion: await clientAssertion({ aud: `${ISSUER}/par` }) }),
    );
    assert.equal(refused.error, 'invalid_client');
    assert.match(refused.error_description, ERROR_DESCRIPTION);
    assert.ok(refused.error_description.includes(ISSUER), refused.error_description);
  });

  test('a client assertion without jti: invalid_client naming the claim (RFC 7523 §3 item 7)', async () => {
    const refused = await errorResponse(
      await par({ client_assertion: await clientAssertion({ jti: undefined }) }),
    );
    assert.equal(refused.error, 'invalid_client');
    assert.match(refused.error_description, ERROR_DESCRIPTION);
    assert.ok(refused.error_description.includes('jti'), refused.error_description);
  });

  test('a DPoP proof without typ at PAR: invalid_dpop_proof naming the header (RFC 9449 §4.3 item 4)', async () => {
    const proof = await dpopProof(
      await dpopKey(),
      'ES256',
      {
        htm: 'POST',
        htu: `${ISSUER}/par`,
      },
      { typ: undefined },
    );
    const refused = await errorResponse(await par({}, { headers: { DPoP: proof } }));
    assert.equal(refused.error, 'invalid_dpop_proof');
    assert.match(refused.error_description, ERROR_DESCRIPTION);
    assert.ok(refused.error_description.includes('typ'), refused.error_description);
  });

  test("a token request of a FAPI 2.0 partner without a DPoP proof: invalid_dpop_proof (FAPI 2.0 SP §5.3.2.1 item 6, the suite's EnsureHolderOfKeyRequired)", async () => {
    const refused = await errorResponse(
      await postForm(bank, '/token', {
        grant_type: 'refresh_token',
        refresh_token: 'unknown',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await clientAssertion(),
      }),
    );
    assert.deepEqual([refused.status, refused.error], [400, 'invalid_dpop_proof']);
    assert.match(refused.error_description, ERROR_DESCRIPTION);
  });

  test('a description that quotes the request keeps to the set: a repeated parameter named with a quote and a kana (RFC 6749 §3.1)', async () => {
    const response = await bank.fetch('/par', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `${encodeURIComponent('x"あ')}=1&${encodeURIComponent('x"あ')}=2`,
    });
    const refused = await errorResponse(response);
    assert.deepEqual([refused.status, refused.error], [400, 'invalid_request']);
    assert.match(refused.error_description, ERROR_DESCRIPTION);
    assert.ok(refused.error_description.startsWith("x'?"), refused.error_description);
  });

  test('a re-consent naming an unknown grant: invalid_grant_id (Grant Management, "Error Responses")', async () => {
    const refused = await errorResponse(
      await par({ grant_management_action: 'replace', grant_id: 'no-such-grant' }),
    );
    assert.deepEqual([refused.status, refused.error], [400, 'invalid_grant_id']);
    assert.match(refused.error_description, ERROR_DESCRIPTION);
  });
});
