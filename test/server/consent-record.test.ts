import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  createLocalJWKSet,
  decodeProtectedHeader,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
} from 'jose';
import type { FlowView } from '../../server/flow/types.js';
import {
  Customer,
  ISSUER,
  KAKEIBO,
  authorizeDemo,
  basic,
  exchangeCode,
  pushRequest,
} from './actors.js';
import { d1Rows } from './d1-rows.js';
import { startBank, type Bank } from './harness.js';

/**
 * The bank's signed consent record (ISO/IEC TS 27560, Kantara Consent Receipt): signed on 許可
 * and on revocation, stored with the grant in the same commit, handed to the partner by
 * GET /grants/{grant_id}, and verifiable with the key the bank publishes at its jwks_uri.
 */
let bank: Bank;
before(async () => {
  bank = await startBank({ entrypoint: 'test/workers/instrumented-worker.ts' });
});
after(() => bank.stop());

interface ConsentRecord extends JWTPayload {
  record_id: string;
  grant_id: string;
  controller: { name: { ja: string; en: string }; issuer: string; jurisdiction: string };
  partner: { client_id: string; service: { ja: string }; company: { ja: string } };
  services: { scope: string; label: { ja: string; en: string } }[];
  accounts: { branch: { ja: string }; type: { ja: string }; number: string }[];
  period: { start: string; end: string };
  time: string;
  method: string;
  status: string;
}

const asKakeibo = (method = 'GET') => ({
  method,
  headers: { Authorization: basic(KAKEIBO.clientId, KAKEIBO.secret) },
});

/** The record's claims, once its signature verifies with a key of the published set. */
async function verified(jws: string): Promise<ConsentRecord> {
  const response = await bank.fetch('/.well-known/jwks.json');
  assert.equal(response.status, 200);
  const jwks = (await response.json()) as JSONWebKeySet;
  const { payload, protectedHeader } = await jwtVerify<ConsentRecord>(
    jws,
    createLocalJWKSet(jwks),
    { issuer: ISSUER, algorithms: ['ES256'], typ: 'consent-record+jwt' },
  );
  assert.ok(jwks.keys.some((key) => key.kid === protectedHeader.kid));
  return payload;
}

async function grantResource(grantId: string) {
  const response = await bank.fetch(`/grants/${grantId}`, asKakeibo());
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()) as {
    account_ids: string[];
    created_at: number;
    expires_at: number;
    consent_record: string;
  };
}

async function linkedGrantId(): Promise<string> {
  const pushed = await pushRequest(bank);
  const { params } = await authorizeDemo(bank, pushed, { scopes: ['balance'] });
  const tokens = (await (await exchangeCode(bank, pushed, params.code)).json()) as {
    grant_id: string;
  };
  return tokens.grant_id;
}

const rows = <T = Record<string, unknown>>(sql: string, ...params: unknown[]) =>
  d1Rows<T>(bank, sql, ...params);

describe('the published key (RFC 7517 §5, RFC 8414 jwks_uri)', () => {
  test('is a public P-256 key with a kid, for ES256 signatures, and nothing private', async () => {
    const response = await bank.fetch('/.well-known/jwks.json');
    assert.equal(response.headers.get('Content-Type'), 'application/jwk-set+json');
    const { keys } = (await response.json()) as JSONWebKeySet;
    assert.equal(keys.length, 1);
    const [key] = keys;
    assert.equal(key.kty, 'EC');
    assert.equal(key.crv, 'P-256');
    assert.equal(key.alg, 'ES256');
    assert.equal(key.use, 'sig');
    assert.equal(typeof key.kid, 'string');
    assert.equal(key.d, undefined);
  });
});

describe('the consent record signed on 許可 (ISO/IEC TS 27560 §6.3, Kantara Consent Receipt)', () => {
  test('verifies with the published key and names controller, partner, services, accounts, period, grant, time, method and status', async () => {
    const grantId = await linkedGrantId();
    const grant = await grantResource(grantId);
    assert.equal(decodeProtectedHeader(grant.consent_record).alg, 'ES256');
    const record = await verified(grant.consent_record);

    assert.equal(record.grant_id, grantId);
    assert.equal(record.jti, record.record_id);
    assert.deepEqual(record.controller, {
      name: { ja: 'デモ信用組合', en: 'Demo Credit Union' },
      issuer: ISSUER,
      jurisdiction: 'JP',
    });
    assert.equal(record.partner.client_id, KAKEIBO.clientId);
    assert.equal(record.partner.service.ja, 'かんたん家計簿');
    assert.equal(typeof record.partner.company.ja, 'string');
    assert.deepEqual(
      record.services.map((service) => service.scope),
      ['balance'],
    );
    assert.notEqual(record.services[0].label.ja, 'balance');
    assert.equal(record.accounts.length, grant.account_ids.length);
    for (const account of record.accounts) {
      assert.match(account.number, /^\*+\d{4}$/);
      assert.equal(typeof account.branch.ja, 'string');
      assert.equal(typeof account.type.ja, 'string');
    }
    assert.equal(Math.floor(Date.parse(record.period.start) / 1000), grant.created_at);
    assert.equal(Math.floor(Date.parse(record.period.end) / 1000), grant.expires_at);
    assert.equal(record.time, record.period.start);
    assert.equal(record.iat, grant.created_at);
    assert.equal(record.method, 'web-form');
    assert.equal(record.status, 'given');
  });

  test('a record altered after signing does not verify', async () => {
    const { consent_record: jws } = await grantResource(await linkedGrantId());
    const [header, payload, signature] = jws.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as ConsentRecord;
    const altered = Buffer.from(JSON.stringify({ ...claims, status: 'withdrawn' })).toString(
      'base64url',
    );
    await assert.rejects(verified(`${header}.${altered}.${signature}`));
  });
});

describe('the consent record of a revocation', () => {
  test('DELETE /grants/{grant_id} signs a `revoked` record of the same consent, which GET then answers', async () => {
    const grantId = await linkedGrantId();
    const given = await verified((await grantResource(grantId)).consent_record);
    assert.equal((await bank.fetch(`/grants/${grantId}`, asKakeibo('DELETE'))).status, 204);
    const revoked = await verified((await grantResource(grantId)).consent_record);
    assert.equal(revoked.status, 'revoked');
    assert.equal(revoked.method, 'grant-management-api');
    assert.notEqual(revoked.record_id, given.record_id);
    assert.ok(Date.parse(revoked.time) >= Date.parse(given.time));
    for (const field of ['grant_id', 'controller', 'partner', 'services', 'accounts', 'period']) {
      assert.deepEqual(revoked[field], given[field], field);
    }
    // Revoking again stores no second record of the end.
    assert.equal((await bank.fetch(`/grants/${grantId}`, asKakeibo('DELETE'))).status, 204);
    const stored = await rows<{ status: string }>(
      'SELECT status FROM consent_records WHERE grant_id = ? ORDER BY recorded_at',
      grantId,
    );
    assert.deepEqual(
      stored.map((row) => row.status),
      ['given', 'revoked'],
    );
  });
});

describe('the record is part of the authorization commit (idempotent per grant id)', () => {
  const LOST_ANSWER = { 'X-Inject-Fault': 'after-d1-batch' };
  const allow = { decision: 'allow', confirmed: true };

  async function atConsent() {
    const pushed = await pushRequest(bank);
    const customer = new Customer(bank);
    assert.equal((await customer.start(pushed)).status, 201);
    const view = await customer.expectView('login', { loginId: 'demo', password: 'demo1234' });
    assert.equal(view.name, 'scope-select');
    assert.equal((await customer.expectView('scopes', { scopes: ['balance'] })).name, 'consent');
    return { pushed, customer };
  }

  const latestGrantId = async () =>
    (
      await rows<{ id: string }>(
        "SELECT id FROM grants WHERE customer_id = 'cust-demo' ORDER BY created_at DESC LIMIT 1",
      )
    )[0].id;

  const recordsOf = async (grantId: string) =>
    (
      await rows<{ n: number }>(
        'SELECT count(*) AS n FROM consent_records WHERE grant_id = ?',
        grantId,
      )
    )[0].n;

  test('a 許可 retried after a lost answer stores one record, the one the partner gets', async () => {
    const { pushed, customer } = await atConsent();
    const lost = await customer.send('consent', allow, { headers: LOST_ANSWER });
    assert.equal(lost.status, 503);
    const grantId = await latestGrantId();
    assert.equal(await recordsOf(grantId), 1);
    const retried = await customer.send('consent', allow);
    assert.equal(retried.status, 200, await retried.clone().text());
    const { view } = (await retried.json()) as { view: FlowView };
    assert.equal(view.name, 'complete');
    const code = (view as Extract<FlowView, { name: 'complete' }>).outcome.params.code;
    const tokens = (await (await exchangeCode(bank, pushed, code)).json()) as { grant_id: string };
    assert.equal(tokens.grant_id, grantId);
    assert.equal(await recordsOf(grantId), 1);
    assert.equal((await verified((await grantResource(grantId)).consent_record)).status, 'given');
  });

  test('拒否 after a 許可 whose answer was lost leaves no record', async () => {
    const { customer } = await atConsent();
    assert.equal((await customer.send('consent', allow, { headers: LOST_ANSWER })).status, 503);
    const grantId = await latestGrantId();
    const denied = await customer.send('consent', { decision: 'deny', confirmed: true });
    assert.equal(denied.status, 200, await denied.clone().text());
    assert.equal(await recordsOf(grantId), 0);
  });
});
