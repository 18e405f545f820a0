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

/** A partner whose grants last 4 seconds instead of 90 days, so their end can be waited for. */
const BRIEF = { clientId: 'brief-partner', secret: 'brief-partner-secret' };
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

describe('a grant’s end (access for the authorization period)', () => {
  test('ends its access and refresh tokens with it', async () => {
    const pushed = await pushRequest(bank, BRIEF);
    const { params } = await authorizeDemo(bank, pushed);
    const tokens = (await (await exchangeCode(bank, pushed, params.code)).json()) as {
      access_token: string;
      refresh_token: string;
      expires_in: number;
    };
    assert.ok(
      tokens.expires_in <= GRANT_SECONDS,
      `expires_in ${tokens.expires_in} outlives the grant`,
    );
    assert.equal((await bank.fetch('/api/v1/accounts', bearer(tokens.access_token))).status, 200);

    await new Promise((resolve) => setTimeout(resolve, (GRANT_SECONDS + 1) * 1000));

    assert.equal((await bank.fetch('/api/v1/accounts', bearer(tokens.access_token))).status, 401);
    const refreshed = await postForm(
      bank,
      '/token',
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token },
      basic(BRIEF.clientId, BRIEF.secret),
    );
    assert.equal(refreshed.status, 400);
    assert.equal(((await refreshed.json()) as { error: string }).error, 'invalid_grant');
  });
});
