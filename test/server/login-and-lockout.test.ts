import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_CERT_FINGERPRINT } from '../../demo/bank-data.js';
import { Customer, problemOf, pushRequest, verifiedCertificate } from './actors.js';
import { startBank, type Bank } from './harness.js';

let bank: Bank;
before(async () => {
  bank = await startBank();
});
after(() => bank.stop());

async function atLogin(): Promise<Customer> {
  const customer = new Customer(bank);
  assert.equal((await customer.start(await pushRequest(bank))).status, 201);
  return customer;
}

describe('login', () => {
  test('answers a wrong password and an unknown login ID alike, never saying which part was wrong', async () => {
    const customer = await atLogin();
    const wrongPassword = await problemOf(
      await customer.send('login', { loginId: 'demo-cert', password: 'nope' }),
    );
    const unknownId = await problemOf(
      await customer.send('login', { loginId: 'nobody', password: 'demo1234' }),
    );
    assert.equal(wrongPassword.code, 'invalid_credentials');
    assert.deepEqual(unknownId, wrongPassword);
    assert.equal((await customer.view()).name, 'login');
  });

  test('locks a login ID for 30 minutes after 5 consecutive failures, refusing even the right password', async () => {
    const customer = await atLogin();
    for (let attempt = 1; attempt <= 4; attempt++) {
      const response = await customer.send('login', {
        loginId: 'demo',
        password: `wrong-${attempt}`,
      });
      assert.equal(response.status, 401);
    }
    const fifth = await customer.send('login', { loginId: 'demo', password: 'wrong-5' });
    assert.equal(fifth.status, 423);
    const locked = await problemOf(fifth);
    assert.equal(locked.code, 'account_locked');
    const lockedFor = (locked.lockedUntil as number) - Date.now();
    assert.ok(lockedFor > 29 * 60_000 && lockedFor <= 30 * 60_000, `locked for ${lockedFor} ms`);

    // The lock ended this flow (the partner is told, server/flow/endings.ts); in a new one the
    // right password is refused all the same.
    const right = await (await atLogin()).send('login', { loginId: 'demo', password: 'demo1234' });
    assert.equal(right.status, 423);
  });

  test('keeps the lockout across a restart of the runtime (Durable Object storage)', async () => {
    await bank.restart();
    const customer = await atLogin();
    const response = await customer.send('login', { loginId: 'demo', password: 'demo1234' });
    assert.equal((await problemOf(response)).code, 'account_locked');
  });

  test('locks unknown login IDs too, so a lockout does not reveal which IDs exist', async () => {
    const customer = await atLogin();
    for (let attempt = 1; attempt <= 5; attempt++)
      await customer.send('login', { loginId: 'ghost', password: 'x' });
    const next = await atLogin();
    assert.equal(
      (await problemOf(await next.send('login', { loginId: 'ghost', password: 'x' }))).code,
      'account_locked',
    );
  });

  test('asks the question after a recent failed login (risk policy) and forgives failures once answered', async () => {
    const customer = await atLogin();
    assert.equal(
      (await customer.send('login', { loginId: 'demo-cert', password: 'wrong' })).status,
      401,
    );
    const view = await customer.expectView('login', { loginId: 'demo-cert', password: 'demo1234' });
    assert.equal(view.name, 'additional-auth');
    await customer.expectView('answer', { answer: '7' });

    const later = await atLogin();
    assert.equal(
      (await later.expectView('login', { loginId: 'demo-cert', password: 'demo1234' })).name,
      'scope-select',
    );
  });
});

describe('certificate login (1-1 電子証明書方式, request.cf.tlsClientAuth)', () => {
  test('recognises a verified, registered certificate and then asks only for the password', async () => {
    const customer = await atLogin();
    const view = await customer.expectView(
      'certificate',
      {},
      verifiedCertificate(DEMO_CERT_FINGERPRINT),
    );
    assert.deepEqual(view, { name: 'login', methods: ['password'], certificateRecognized: true });
    assert.equal((await customer.send('login', { password: 'wrong' })).status, 401);
    const next = await customer.expectView('login', { password: 'demo1234' });
    assert.equal(next.name, 'additional-auth'); // the failure just before asks for step-up
  });

  test('refuses a certificate the edge did not verify', async () => {
    const customer = await atLogin();
    const response = await customer.send(
      'certificate',
      {},
      {
        cf: {
          tlsClientAuth: {
            certVerified: 'FAILED:self signed certificate',
            certFingerprintSHA256: DEMO_CERT_FINGERPRINT,
          },
        },
      },
    );
    assert.equal(response.status, 401);
    assert.equal((await problemOf(response)).code, 'certificate_not_recognized');
  });

  test('refuses a verified certificate registered to nobody, and a request without one', async () => {
    const customer = await atLogin();
    const unknown = await customer.send('certificate', {}, verifiedCertificate('ab'.repeat(32)));
    assert.equal((await problemOf(unknown)).code, 'certificate_not_recognized');
    const none = await customer.send('certificate', {});
    assert.equal((await problemOf(none)).code, 'certificate_not_recognized');
    assert.deepEqual(await customer.view(), {
      name: 'login',
      methods: ['certificate', 'password'],
      certificateRecognized: false,
    });
  });

  test('asks for the login ID when no certificate was recognised', async () => {
    const customer = await atLogin();
    const response = await customer.send('login', { password: 'demo1234' });
    assert.equal(response.status, 400);
  });
});

describe('additional authentication', () => {
  test('ends the transaction after 3 wrong answers, and the wrong answers count toward lockout', async () => {
    const customer = await atLogin();
    await customer.expectView('login', { loginId: 'demo-risk', password: 'demo1234' });
    assert.equal((await problemOf(await customer.send('answer', { answer: '1' }))).attemptsLeft, 2);
    assert.equal((await problemOf(await customer.send('answer', { answer: '2' }))).attemptsLeft, 1);
    const third = await customer.send('answer', { answer: '3' });
    assert.equal(third.status, 410);
    assert.equal((await problemOf(third)).code, 'transaction_ended');
    // The flow is over (the partner was told); the right answer is refused now.
    assert.equal(
      (await problemOf(await customer.send('answer', { answer: '7' }))).code,
      'step_not_allowed',
    );

    // 3 failures are on record; two more wrong passwords reach the limit of 5.
    const next = await atLogin();
    assert.equal((await next.send('login', { loginId: 'demo-risk', password: 'x' })).status, 401);
    assert.equal((await next.send('login', { loginId: 'demo-risk', password: 'y' })).status, 423);
  });
});
