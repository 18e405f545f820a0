import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  actionsAccepted,
  assertActionAccepted,
  type FlowAction,
} from '../../server/flow/actions.js';
import type { CustomerAccount, FlowFacts } from '../../server/flow/facts.js';
import { FlowRefusal } from '../../server/flow/refusal.js';
import { rejectAnswer } from '../../server/flow/steps/additional-auth.js';
import { allow, deny, planGrant } from '../../server/flow/steps/consent.js';
import { completeLogin } from '../../server/flow/steps/login.js';
import { assertSelectable, stagePins } from '../../server/flow/steps/pin-register.js';
import { addMorePins } from '../../server/flow/steps/pin-result.js';
import { chooseScopes } from '../../server/flow/steps/scope-select.js';
import type { FlowState, StepName } from '../../server/flow/types.js';
import { startFlow, viewOf } from '../../server/flow/views.js';

const account = (id: string, pinRegistered: boolean): CustomerAccount => ({
  id,
  branchName: { ja: 'インターネット支店', en: 'Internet Branch' },
  branchCode: '001',
  accountType: { ja: '普通', en: 'Ordinary' },
  accountNumber: id,
  memo: null,
  pinRegistered,
});

function facts(overrides: Partial<FlowFacts> = {}, showsScopeSelection = true): FlowFacts {
  return {
    partner: {
      clientId: 'p',
      service: { ja: 'S', en: 'S' },
      company: { ja: 'C', en: 'C' },
      showsScopeSelection,
      authorizationPeriodDays: 90,
      termsUrl: 't',
      privacyUrl: 'p',
      detailsUrl: 'd',
    },
    bank: { ja: 'B', en: 'B' },
    scopeCatalog: [],
    accounts: [account('a', false), account('b', true)],
    now: Date.UTC(2026, 10, 24, 15, 30), // 00:30 on 25 Nov in JST
    ...overrides,
  };
}

const started = (): FlowState =>
  startFlow({
    clientId: 'p',
    redirectUri: 'https://p/cb',
    scopes: ['balance', 'transactions'],
    state: 'st',
    codeChallenge: 'c',
    responseMode: 'query',
  });

describe('the pure flow engine (server/flow/)', () => {
  test('accepts each action only at its own step: every other pair is refused', () => {
    const allActions = [...new Set(Object.values(actionsAccepted).flat())] as FlowAction[];
    for (const [step, accepted] of Object.entries(actionsAccepted) as [
      StepName,
      readonly FlowAction[],
    ][]) {
      for (const action of allActions) {
        if (accepted.includes(action))
          assert.doesNotThrow(() => assertActionAccepted(step, action));
        else
          assert.throws(
            () => assertActionAccepted(step, action),
            (e) => e instanceof FlowRefusal && e.code === 'step_not_allowed',
          );
      }
    }
  });

  test('after login goes to step-up when a question is asked, else to service selection', () => {
    assert.equal(completeLogin(started(), 'cust', 'q1', facts()).step, 'additional-auth');
    assert.equal(completeLogin(started(), 'cust', null, facts()).step, 'scope-select');
  });

  test('skips service selection for a partner without it, choosing every requested scope', () => {
    const state = completeLogin(started(), 'cust', null, facts({}, false));
    assert.equal(state.step, 'pin-register');
    assert.deepEqual(state.chosenScopes, ['balance', 'transactions']);
  });

  test('skips PIN registration when every account is registered', () => {
    const state = completeLogin(
      started(),
      'cust',
      null,
      facts({ accounts: [account('b', true)] }, false),
    );
    assert.equal(state.step, 'consent');
  });

  test('refuses an empty or unrequested scope choice', () => {
    const state = completeLogin(started(), 'cust', null, facts());
    assert.throws(
      () => chooseScopes(state, [], facts()),
      (e) => e instanceof FlowRefusal && e.code === 'scope_required',
    );
    assert.throws(
      () => chooseScopes(state, ['transfers'], facts()),
      (e) => e instanceof FlowRefusal && e.code === 'invalid_scope',
    );
  });

  test('stages PINs (登録済み*) and refuses staging an account twice; add-more needs an account left', () => {
    let state = chooseScopes(completeLogin(started(), 'cust', null, facts()), ['balance'], facts());
    assertSelectable(state, ['a'], facts());
    state = stagePins(state, ['a']);
    assert.equal(state.step, 'pin-result');
    const view = viewOf(state, facts());
    assert.ok(view.name === 'pin-result');
    assert.deepEqual(
      view.accounts.map((a) => a.status),
      ['staged', 'registered'],
    );
    assert.throws(() => assertSelectable(state, ['a'], facts()), FlowRefusal);
    assert.throws(
      () => addMorePins(state, facts()),
      (e) => e instanceof FlowRefusal && e.code === 'nothing_left_to_register',
    );
  });

  test("plans a grant over registered and staged accounts, ending after the partner's period; the end date is in JST", () => {
    const state = stagePins(
      chooseScopes(completeLogin(started(), 'cust', null, facts()), ['balance'], facts()),
      ['a'],
    );
    const plan = planGrant(state, facts());
    assert.deepEqual(plan.accountIds, ['a', 'b']);
    assert.deepEqual(plan.scopes, ['balance']);
    assert.equal(plan.expiresAt - plan.createdAt, 90 * 86_400_000);
    const consent = viewOf({ ...state, step: 'consent' }, facts());
    assert.ok(consent.name === 'consent');
    assert.equal(consent.endsOn, '2027-02-23'); // 25 Nov 2026 JST + 90 days
  });

  test('許可 carries code, state and iss; 拒否 carries access_denied and forgets staged PINs', () => {
    const state = stagePins(
      chooseScopes(completeLogin(started(), 'cust', null, facts()), ['balance'], facts()),
      ['a'],
    );
    assert.deepEqual(allow(state, 'CODE', 'https://bank').outcome?.params, {
      code: 'CODE',
      state: 'st',
      iss: 'https://bank',
    });
    const denied = deny(state, 'https://bank');
    assert.deepEqual(denied.outcome?.params, {
      error: 'access_denied',
      state: 'st',
      iss: 'https://bank',
    });
    assert.deepEqual(denied.stagedPinAccountIds, []);
  });

  test('counts wrong answers down to zero attempts', () => {
    let state = completeLogin(started(), 'cust', 'q1', facts());
    const attempts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const result = rejectAnswer(state);
      state = result.state;
      attempts.push(result.attemptsLeft);
    }
    assert.deepEqual(attempts, [2, 1, 0]);
  });
});
