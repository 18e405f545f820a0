import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Customer, KAKEIBO, problemOf, pushRequest } from './actors.js';
import { pastItsEnd } from './d1-rows.js';
import { startBank, type Bank } from './harness.js';

/**
 * A pushed request lives for its `expires_in` (90 s) and no longer. The instrumented Worker
 * (test/workers/instrumented-worker.ts) moves one past its end in its Durable Object, so the test
 * need not wait; a request pushed beside it, still within its time, shows what else would happen.
 */
let bank: Bank;
before(async () => {
  bank = await startBank({ entrypoint: 'test/workers/instrumented-worker.ts' });
});
after(() => bank.stop());

test('a request_uri past its expires_in starts nothing, at /flow/start or /authorize (RFC 9126 §2.2, §4)', async () => {
  const [expired, current, expiredPage] = await Promise.all([
    pushRequest(bank),
    pushRequest(bank),
    pushRequest(bank),
  ]);
  await pastItsEnd(bank, { requestUri: expired.requestUri });
  await pastItsEnd(bank, { requestUri: expiredPage.requestUri });

  const refused = await new Customer(bank).start(expired);
  assert.equal(refused.status, 400);
  assert.equal((await problemOf(refused)).code, 'invalid_authorization_request');
  assert.equal((await new Customer(bank).start(current)).status, 201);

  const page = await bank.fetch(
    `/authorize?client_id=${KAKEIBO.clientId}&request_uri=${encodeURIComponent(expiredPage.requestUri)}`,
  );
  assert.equal(page.status, 400);
});
