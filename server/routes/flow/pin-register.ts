import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { assertActionAccepted } from '../../flow/actions.js';
import { assertSelectable, stagePins } from '../../flow/steps/pin-register.js';
import { addMorePins, confirmPins } from '../../flow/steps/pin-result.js';
import { Problem } from '../../http/problem.js';
import { validFlowInput } from '../../http/validate.js';
import { pinsInput } from './inputs.js';
import { PIN_LOCKOUT, pinLockout } from '../../storage/lockouts.js';
import { advance, gatherFacts, loadTransaction } from './transaction.js';


/**
 * Steps 4 and 5 — inquiry-PIN registration and its result. A submission is all or nothing: if
 * any PIN is wrong, none is staged, and the rows at fault are named so the widget can mark them.
 */
export const pinRegisterRoutes = new Hono<AppEnv>()
  .post('/pins', validFlowInput('json', pinsInput), async (c) => {
    const transaction = await loadTransaction(c);
    const { state } = transaction;
    assertActionAccepted(state.step, 'register-pins');
    const { pins } = c.req.valid('json');
    const accountIds = pins.map((entry) => entry.accountId);
    const facts = await gatherFacts(c, state, transaction);
    assertSelectable(state, accountIds, facts);

    const now = Date.now();
    const counters = await Promise.all(
      pins.map(async (entry) => {
        const lockout = pinLockout(c.env, entry.accountId);
        return { ...entry, lockout, status: await lockout.status(now) };
      }),
    );
    const locked = counters.filter((entry) => entry.status.lockedUntil !== null).map((entry) => entry.accountId);
    if (locked.length > 0) throw pinLockedProblem(locked);

    const checks = await Promise.all(
      counters.map(async (entry) => ({
        ...entry,
        matches: await c.var.bank.accounts.verifyInquiryPin(state.customerId!, entry.accountId, entry.pin),
      })),
    );
    const wrong = checks.filter((entry) => !entry.matches);
    if (wrong.length > 0) {
      const statuses = await Promise.all(wrong.map((entry) => entry.lockout.recordFailure(now, PIN_LOCKOUT)));
      const nowLocked = wrong.filter((_, i) => statuses[i].lockedUntil !== null).map((entry) => entry.accountId);
      if (nowLocked.length > 0) throw pinLockedProblem(nowLocked);
      throw new Problem(422, 'invalid_pin', 'The inquiry PIN is incorrect.', {
        accountIds: wrong.map((entry) => entry.accountId),
        attemptsLeft: Math.min(...statuses.map((status) => PIN_LOCKOUT.maxFailures - status.failures)),
      });
    }
    await Promise.all(checks.filter((entry) => entry.status.failures > 0).map((entry) => entry.lockout.clear()));
    return c.json(await advance(c, transaction, stagePins(state, accountIds), facts));
  })
  .post('/pins/confirm', async (c) => {
    const transaction = await loadTransaction(c);
    assertActionAccepted(transaction.state.step, 'confirm-pins');
    return c.json(await advance(c, transaction, confirmPins(transaction.state)));
  })
  .post('/pins/add-more', async (c) => {
    const transaction = await loadTransaction(c);
    assertActionAccepted(transaction.state.step, 'add-more-pins');
    const facts = await gatherFacts(c, transaction.state, transaction);
    return c.json(await advance(c, transaction, addMorePins(transaction.state, facts), facts));
  });

function pinLockedProblem(accountIds: string[]): Problem {
  return new Problem(423, 'pin_locked', 'Too many wrong PINs: registration for this account is locked.', { accountIds });
}
