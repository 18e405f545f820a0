import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  authorizeDemo,
  basic,
  exchangeCode,
  partnerRow,
  postForm,
  pushRequest,
  REDIRECT_URI,
} from './actors.js';
import { startBank, type Bank } from './harness.js';

/**
 * A grant past its end is dead everywhere: the account API, the refresh grant and the grant
 * management endpoint all say so. The partner's period is registered in days; this one's grants
 * last 4 seconds, so their end can be waited for.
 */
const BRIEF = { clientId: 'brief-grants-partner', secret: 'brief-grants-partner-secret' };
const GRANT_SECONDS = 4;

let bank: Bank;
before(async () => {
  bank = await startBank({
    extraRows: [
      await partnerRow({
        ...BRIEF,
        redirectUris: [REDIRECT_URI],
        authorizationPeriodDays: GRANT_SECONDS / 86_400,
      }),
    ],
  });
});
after(() => bank.stop());

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
const asPartner = { headers: { Authorization: basic(BRIEF.clientId, BRIEF.secret) } };

async function statusOf(grantId: string): Promise<string> {
  const response = await bank.fetch(`/grants/${grantId}`, asPartner);
  assert.equal(response.status, 200, await response.clone().text());
  return ((await response.json()) as { status: string }).status;
}

describe('a grant past its end (expires_at) is dead everywhere', () => {
  test('active until its end; then expired at GET /grants, 401 invalid_token at the API (RFC 6750 §3.1) and invalid_grant at refresh (RFC 6749 §5.2)', async () => {
    const pushed = await pushRequest(bank, BRIEF);
    const { params } = await authorizeDemo(bank, pushed);
    // A code redeemed after its grant ended issues nothing.
    const unredeemed = await pushRequest(bank, BRIEF);
    const late = (await authorizeDemo(bank, unredeemed)).params;
    const tokens = (await (await exchangeCode(bank, pushed, params.code)).json()) as {
      access_token: string;
      refresh_token: string;
      grant_id: string;
      expires_in: number;
    };
    assert.ok(tokens.expires_in <= GRANT_SECONDS);
    assert.equal(await statusOf(tokens.grant_id), 'active');
    const response = await bank.fetch(`/grants/${tokens.grant_id}`, asPartner);
    const grant = (await response.json()) as { created_at: number; expires_at: number };
    assert.ok(grant.expires_at - grant.created_at <= GRANT_SECONDS);

    await new Promise((resolve) => setTimeout(resolve, (GRANT_SECONDS + 1) * 1000));

    assert.equal(await statusOf(tokens.grant_id), 'expired');
    const api = await bank.fetch('/api/v1/accounts', bearer(tokens.access_token));
    assert.equal(api.status, 401);
    assert.match(api.headers.get('WWW-Authenticate') ?? '', /error="invalid_token"/);
    const refreshed = await postForm(
      bank,
      '/token',
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token },
      asPartner.headers.Authorization,
    );
    assert.equal(refreshed.status, 400);
    assert.equal(((await refreshed.json()) as { error: string }).error, 'invalid_grant');
    const exchanged = await exchangeCode(bank, unredeemed, late.code);
    assert.equal(exchanged.status, 400);
    assert.equal(((await exchanged.json()) as { error: string }).error, 'invalid_grant');
  });
});
