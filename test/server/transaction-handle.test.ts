import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { LOCKOUT_SHARDS, shardName, TRANSACTION_SHARDS } from '../../server/storage/shards.js';
import { Customer, pushRequest, QUICK } from './actors.js';
import { startBank, type Bank } from './harness.js';

// The subjects' names as server/storage/lockouts.ts makes them, and the part of a handle that
// picks its object (server/storage/transactions.ts): those modules' Durable Object types are not
// this test's to compile.
const ipSubject = (ip: string) => `ip:${ip}`;
const transactionSubject = (handle: string) => `transaction:${handle}`;
const routedPart = (handle: string) => handle.slice(0, 40);

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

test("a new transaction lives in its pushed request's object, so one call uses up the request_uri and begins it, with its failure counter still beside the IP's", async () => {
  // Three in four pairs of request_uri and address could not have both when the whole handle
  // picked its object: of ten pairs, all but once in 4^10 runs some were such.
  for (let index = 0; index < 10; index++) {
    const ip = `192.0.2.${100 + (index % 2)}`;
    const pushed = await pushRequest(bank, QUICK);
    const customer = new Customer(bank, { 'CF-Connecting-IP': ip });
    assert.equal((await customer.start(pushed)).status, 201);
    const handle = customer.transaction;
    assert.equal(
      shardName(TRANSACTION_SHARDS, routedPart(handle)),
      shardName(TRANSACTION_SHARDS, pushed.requestUri),
    );
    assert.equal(
      shardName(LOCKOUT_SHARDS, transactionSubject(handle)),
      shardName(LOCKOUT_SHARDS, ipSubject(ip)),
    );
    // The transaction is found where its handle routes to: the next step opens it.
    assert.equal((await customer.view()).name, 'login');
  }
});
