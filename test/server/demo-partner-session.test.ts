import assert from 'node:assert/strict';
import { test } from 'node:test';
import { partnerApp } from '../../demo/partner/app.js';

// The demo partner's own backend (demo/partner/app.ts), in process: these requests never reach the bank.

test("the demo partner's page load makes no session: /api/linked answers an empty state and sets no cookie", async () => {
  for (const cookie of [undefined, 'kakeibo_session=forgotten-or-forged']) {
    const response = await partnerApp.request('/api/linked', {
      headers: cookie === undefined ? {} : { Cookie: cookie },
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('Set-Cookie'), null);
    assert.deepEqual(await response.json(), { outcome: null, errorDescription: null, grants: [] });
  }
});
