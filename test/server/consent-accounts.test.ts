import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FlowView } from '../../server/flow/types.js';
import { Customer, DEMO_ACCOUNTS, exchangeCode, problemOf, pushRequest } from './actors.js';
import { startBank, type Bank } from './harness.js';

/**
 * 情報アクセス許可 names the accounts the grant would cover (対象口座), and the grant covers
 * exactly those the customer left checked, so a later partner does not silently receive every
 * account whose PIN an earlier flow registered.
 */
let bank: Bank;
before(async () => {
  bank = await startBank();
});
after(() => bank.stop());

type ConsentView = Extract<FlowView, { name: 'consent' }>;

async function atConsent() {
  const pushed = await pushRequest(bank);
  const customer = new Customer(bank);
  assert.equal((await customer.start(pushed)).status, 201);
  await customer.expectView('login', { loginId: 'demo', password: 'demo1234' });
  const pinRegister = await customer.expectView('scopes', { scopes: ['balance'] });
  assert.ok(pinRegister.name === 'pin-register');
  const staged = pinRegister.accounts.find((account) => account.status === 'unregistered')!;
  await customer.expectView('pins', { pins: [{ accountId: staged.id, pin: '1234' }] });
  const consent = await customer.expectView('pins/confirm');
  assert.equal(consent.name, 'consent');
  const registered = pinRegister.accounts.filter((account) => account.status === 'registered');
  return { pushed, customer, consent: consent as ConsentView, staged, registered };
}

async function grantedAccountNumbers(accessToken: string): Promise<string[]> {
  const response = await bank.fetch('/api/v1/accounts', {
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  const { accounts } = (await response.json()) as { accounts: { accountNumber: string }[] };
  return accounts.map((account) => account.accountNumber);
}

describe('consent names the accounts (対象口座)', () => {
  test('lists every account the grant would cover: registered and registered in this flow', async () => {
    const { consent, staged, registered } = await atConsent();
    assert.deepEqual(
      consent.accounts.map((account) => [account.accountNumber, account.status]).sort(),
      [
        [staged.accountNumber, 'staged'],
        ...registered.map((account) => [account.accountNumber, 'registered']),
      ].sort(),
    );
  });

  test('the grant covers exactly the accounts left checked', async () => {
    const { pushed, customer } = await atConsent();
    const complete = await customer.expectView('consent', {
      decision: 'allow',
      confirmed: true,
      accountIds: [DEMO_ACCOUNTS.a2222222],
    });
    assert.ok(complete.name === 'complete');
    const token = await exchangeCode(bank, pushed, complete.outcome.params.code);
    const { access_token } = (await token.json()) as { access_token: string };
    assert.deepEqual(await grantedAccountNumbers(access_token), ['2222222']);
  });

  test('refuses 許可 with no account checked, or one the grant cannot cover, and stays on consent', async () => {
    const { customer } = await atConsent();
    const none = await customer.send('consent', {
      decision: 'allow',
      confirmed: true,
      accountIds: [],
    });
    assert.equal((await problemOf(none)).code, 'grant_account_required');
    const other = await customer.send('consent', {
      decision: 'allow',
      confirmed: true,
      accountIds: [DEMO_ACCOUNTS.a1000314],
    });
    assert.equal((await problemOf(other)).code, 'account_not_selectable');
    assert.equal((await customer.view()).name, 'consent');
  });
});
