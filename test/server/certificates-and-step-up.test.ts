import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_CERT_FINGERPRINT, DEMO_CERT_ONLY_FINGERPRINT } from '../../demo/bank-data.js';
import { hashSecret } from '../../server/crypto/password-hash.js';
import { Customer, problemOf, pushRequest, verifiedCertificate } from './actors.js';
import { startBank, type Bank } from './harness.js';

/**
 * Certificate login trusts only what Cloudflare's mTLS verified (request.cf.tlsClientAuth); a
 * certificate-only customer has no password-only way in; and a risk policy that asks for
 * additional authentication it cannot give refuses the login instead of waving it through.
 */
let bank: Bank;
before(async () => {
  bank = await startBank({
    extraRows: [
      {
        // Flagged for additional authentication, with no question registered.
        sql: `INSERT INTO bank_customers (id, login_id, password_hash, requires_step_up)
              VALUES ('cust-no-question', 'no-question', ?, 1)`,
        params: [await hashSecret('demo1234')],
      },
    ],
  });
});
after(() => bank.stop());

async function atLogin(): Promise<Customer> {
  const customer = new Customer(bank);
  assert.equal((await customer.start(await pushRequest(bank))).status, 201);
  return customer;
}

async function presentCertificate(fields: Record<string, string>) {
  const customer = await atLogin();
  const response = await customer.send(
    'certificate',
    {},
    verifiedCertificate(DEMO_CERT_FINGERPRINT, fields),
  );
  return { customer, response };
}

describe('client certificates (request.cf.tlsClientAuth)', () => {
  test('a revoked certificate names nobody, even verified and registered', async () => {
    const { customer, response } = await presentCertificate({ certRevoked: '1' });
    assert.equal(response.status, 401);
    assert.equal((await problemOf(response)).code, 'certificate_not_recognized');
    assert.equal((await customer.view()).name, 'login');
  });

  test('a certificate the edge did not verify names nobody', async () => {
    const { response } = await presentCertificate({ certVerified: 'FAILED:certificate expired' });
    assert.equal((await problemOf(response)).code, 'certificate_not_recognized');
  });

  test('fields claiming a certificate that was not presented name nobody', async () => {
    const { response } = await presentCertificate({ certPresented: '0' });
    assert.equal((await problemOf(response)).code, 'certificate_not_recognized');
  });

  test('presented, verified, unrevoked and registered: only the password is asked', async () => {
    const { response } = await presentCertificate({});
    assert.equal(response.status, 200);
  });

  test('a certificate-only customer logs in with the certificate and the password', async () => {
    const customer = await atLogin();
    await customer.expectView('certificate', {}, verifiedCertificate(DEMO_CERT_ONLY_FINGERPRINT));
    const view = await customer.expectView('login', { password: 'demo1234' });
    assert.equal(view.name, 'scope-select');
  });
  // After the test above, so that its failure does not make the risk policy ask a question.
  test('a certificate-only customer cannot log in with ID and password', async () => {
    const customer = await atLogin();
    const response = await customer.send('login', {
      loginId: 'demo-certonly',
      password: 'demo1234',
    });
    assert.equal(response.status, 401);
    assert.equal((await problemOf(response)).code, 'invalid_credentials');
  });
});

describe('fail closed', () => {
  test('additional authentication asked for but not possible: login refused, not completed', async () => {
    const customer = await atLogin();
    const response = await customer.send('login', { loginId: 'no-question', password: 'demo1234' });
    assert.equal(response.status, 403);
    assert.equal((await problemOf(response)).code, 'additional_auth_unavailable');
    assert.equal((await customer.view()).name, 'login');
  });
});
