import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { LOCKOUT_SHARDS, shardName } from '../../server/storage/shards.js';
import { Customer, pushRequest, QUICK } from './actors.js';
import { startBank, type Bank } from './harness.js';

// The subjects' names as server/storage/lockouts.ts makes them (its Durable Object types are
// not this test's to compile).
const ipSubject = (ip: string) => `ip:${ip}`;
const transactionSubject = (handle: string) => `transaction:${handle}`;

let bank: Bank;
before(async () => {
  bank = await startBank();
});
after(() => bank.stop());

test("a new transaction's failure counter lives in its client IP's lockout object, so a secret check reserves both in one call", async () => {
  const handles = new Set<string>();
  for (const ip of ['198.51.100.7', '203.0.113.20', '2001:db8::1', '192.0.2.33', '192.0.2.34']) {
    const customer = new Customer(bank, { 'CF-Connecting-IP': ip });
    assert.equal((await customer.start(await pushRequest(bank, QUICK))).status, 201);
    const handle = customer.transaction;
    assert.match(handle, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(
      shardName(LOCKOUT_SHARDS, transactionSubject(handle)),
      shardName(LOCKOUT_SHARDS, ipSubject(ip)),
      ip,
    );
    handles.add(handle);
  }
  assert.equal(handles.size, 5);
});
