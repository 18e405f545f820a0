import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { basic, Customer, postForm, pushRequest, QUICK } from './actors.js';
import { startBank, type Bank } from './harness.js';

let bank: Bank;
before(async () => {
  bank = await startBank();
});
after(() => bank.stop());

async function atLogin() {
  const customer = new Customer(bank);
  await customer.start(await pushRequest(bank, QUICK));
  return customer;
}

const raw = (customer: Customer, path: string, body: string, contentType = 'application/json') =>
  bank.fetch(`/flow/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': contentType, 'X-Transaction': customer.transaction },
    body,
  });

describe('bad input gets a precise 4xx, never a 5xx, and changes nothing', () => {
  test('malformed JSON is 400 invalid_request', async () => {
    const customer = await atLogin();
    const response = await raw(customer, 'login', '{"loginId": "demo", ');
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { code: string }).code, 'invalid_request');
    assert.equal((await customer.view()).name, 'login');
  });

  test('wrong types and missing fields are 400 naming the field, not echoing its value', async () => {
    const customer = await atLogin();
    for (const [path, body, field] of [
      ['login', { loginId: 'demo', password: 1234 }, 'password'],
      ['login', { loginId: 'demo' }, 'password'],
      ['scopes', { scopes: 'balance' }, 'scopes'],
      ['pins', { pins: [{ accountId: 'a', pin: 'abcd' }] }, 'pins.0.pin'],
      ['consent', { decision: 'maybe', confirmed: true }, 'decision'],
    ] as const) {
      const response = await customer.send(path, body);
      assert.equal(response.status, 400, path);
      const problem = (await response.json()) as { detail: string };
      assert.match(problem.detail, new RegExp(`^${field.replace('.', '\\.')}:`), path);
      assert.doesNotMatch(problem.detail, /abcd|1234/);
    }
    assert.equal((await customer.view()).name, 'login');
  });

  test('oversized fields are 400, a 200 KB body 413, and neither counts as a login attempt', async () => {
    const customer = await atLogin();
    assert.equal(
      (await customer.send('login', { loginId: 'x'.repeat(65), password: 'p' })).status,
      400,
    );
    assert.equal(
      (await customer.send('login', { loginId: 'demo', password: 'p'.repeat(200_000) })).status,
      413,
    );
    assert.equal(
      (await customer.expectView('login', { loginId: 'demo', password: 'demo1234' })).name,
      'pin-register',
    );
  });

  test('a non-JSON content type on the flow API is a 4xx', async () => {
    const customer = await atLogin();
    const response = await raw(
      customer,
      'login',
      'loginId=demo&password=demo1234',
      'application/x-www-form-urlencoded',
    );
    assert.ok(response.status >= 400 && response.status < 500, String(response.status));
    assert.equal((await customer.view()).name, 'login');
  });

  test('unknown client at start is 400 and an unknown flow path is 404, both as problems', async () => {
    const start = await bank.fetch('/flow/start', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ clientId: 'nobody', requestUri: 'urn:x' }),
    });
    assert.equal(start.status, 400);
    assert.equal(start.headers.get('Content-Type'), 'application/problem+json');
    const unknown = await bank.fetch('/flow/teleport', { method: 'POST' });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.headers.get('Content-Type'), 'application/problem+json');
  });

  test('OAuth endpoints answer malformed form input with RFC 6749 invalid_request, not 5xx', async () => {
    const auth = basic(QUICK.clientId, QUICK.secret);
    const bad = await bank.fetch('/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: auth },
      body: '{"grant_type":',
    });
    assert.ok(bad.status >= 400 && bad.status < 500, String(bad.status));
    const oversized = await postForm(
      bank,
      '/par',
      {
        response_type: 'code',
        redirect_uri: 'x'.repeat(3000),
        scope: 'balance',
        state: 's',
        code_challenge: 'c',
        code_challenge_method: 'S256',
      },
      auth,
    );
    assert.equal(oversized.status, 400);
    assert.equal(((await oversized.json()) as { error: string }).error, 'invalid_request');
    const garbageAuth = await postForm(
      bank,
      '/token',
      { grant_type: 'refresh_token', refresh_token: 'x' },
      'Basic %%%',
    );
    assert.equal(garbageAuth.status, 401);
  });
});
