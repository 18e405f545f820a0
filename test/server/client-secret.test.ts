import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  hashClientSecret,
  UNMATCHABLE_CLIENT_SECRET_HASH,
  verifyClientSecret,
} from '../../server/crypto/client-secret.js';
import { hashSecret } from '../../server/crypto/password-hash.js';

const SECRET = 'mV3t0y2dQ1sZ9cWq7fJk8nHb5xRa4pLu6eGi0oTy2wE';

describe('partner secrets', () => {
  test('are stored as a SHA-256 hash, never as the secret itself', async () => {
    const stored = await hashClientSecret(SECRET);
    assert.match(stored, /^sha256\$[A-Za-z0-9+/]{43}=$/);
    assert.ok(!stored.includes(SECRET));
  });

  test('verify only the secret they were made from', async () => {
    const stored = await hashClientSecret(SECRET);
    assert.equal(await verifyClientSecret(SECRET, stored), true);
    assert.equal(await verifyClientSecret(SECRET.slice(0, -1) + 'F', stored), false);
    assert.equal(await verifyClientSecret('', stored), false);
  });

  test('stored in the earlier PBKDF2 format still verify', async () => {
    const stored = await hashSecret(SECRET, 1_000);
    assert.equal(await verifyClientSecret(SECRET, stored), true);
    assert.equal(await verifyClientSecret('wrong', stored), false);
  });

  test('the stand-in for an unknown client matches nothing', async () => {
    assert.equal(await verifyClientSecret('', UNMATCHABLE_CLIENT_SECRET_HASH), false);
    assert.equal(await verifyClientSecret(SECRET, UNMATCHABLE_CLIENT_SECRET_HASH), false);
  });
});
