import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { runStep } from '../../flow-runner/run-step.js';
import { assertSelectable, stagePins } from '../../flow/steps/pin-register.js';
import { addMorePins, confirmPins } from '../../flow/steps/pin-result.js';
import { Problem } from '../../http/problem.js';
import { validFlowInput } from '../../http/validate.js';
import { PIN_LOCKOUT, pinLockout } from '../../storage/lockouts.js';
import { pinsInput } from './inputs.js';

/**
 * Steps 4 and 5 — inquiry-PIN registration and its result. A submission is all or nothing: if
 * any PIN is wrong, none is staged, and the rows at fault are named so the widget can mark them.
 */
export const pinRegisterRoutes = new Hono<AppEnv>()
  .post('/pins', validFlowInput('json', pinsInput), (c) =>
    runStep(c, 'register-pins', async ({ state, facts }) => {
      const { pins } = c.req.valid('json');
      const accountIds = pins.map((entry) => entry.accountId);
      assertSelectable(state, accountIds, facts);

      const now = Date.now();
      const counters = await Promise.all(
        pins.map(async (entry) => {
          const lockout = pinLockout(c.env, entry.accountId);
          return { ...entry, lockout, status: await lockout.status(now) };
        }),
      );
      const locked = counters.filter((entry) => entry.status.lockedUntil !== null);
      if (locked.length > 0) throw pinLocked(locked.map((entry) => entry.accountId));

      const checks = await Promise.all(
        counters.map(async (entry) => ({
          ...entry,
          matches: await c.var.bank.accounts.verifyInquiryPin(
            state.customerId!,
            entry.accountId,
            entry.pin,
          ),
        })),
      );
      const wrong = checks.filter((entry) => !entry.matches);
      if (wrong.length > 0) {
        const statuses = await Promise.all(
          wrong.map((entry) => entry.lockout.recordFailure(now, PIN_LOCKOUT)),
        );
        const nowLocked = wrong.filter((_, i) => statuses[i].lockedUntil !== null);
        if (nowLocked.length > 0) throw pinLocked(nowLocked.map((entry) => entry.accountId));
        throw new Problem(422, 'invalid_pin', 'The inquiry PIN is incorrect.', {
          accountIds: wrong.map((entry) => entry.accountId),
          attemptsLeft: Math.min(...statuses.map((status) => PIN_LOCKOUT.maxFailures - status.failures)),
        });
      }
      const hadFailures = checks.filter((entry) => entry.status.failures > 0);
      await Promise.all(hadFailures.map((entry) => entry.lockout.clear()));
      return stagePins(state, accountIds);
    }),
  )
  .post('/pins/confirm', (c) => runStep(c, 'confirm-pins', ({ state }) => confirmPins(state)))
  .post('/pins/add-more', (c) =>
    runStep(c, 'add-more-pins', ({ state, facts }) => addMorePins(state, facts)),
  );

function pinLocked(accountIds: string[]): Problem {
  return new Problem(
    423,
    'pin_locked',
    'Too many wrong PINs: registration for this account is locked.',
    { accountIds },
  );
}
