import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { guardedCheck } from '../../flow-runner/guarded-check.js';
import { runStep } from '../../flow-runner/run-step.js';
import { assertSelectable, stagePins } from '../../flow/steps/pin-register.js';
import { addMorePins, confirmPins } from '../../flow/steps/pin-result.js';
import { Problem } from '../../http/problem.js';
import { validFlowInput } from '../../http/validate.js';
import { PIN_LOCKOUT, pinSubject } from '../../storage/lockouts.js';
import { pinsInput } from './inputs.js';

/**
 * Steps 4 and 5 — inquiry-PIN registration and its result. A submission is all or nothing: if
 * any PIN is wrong, none is staged, and the rows at fault are named so the widget can mark them.
 * Each account's PIN is limited to 3 wrong tries (then locked 24 hours), reserved before any
 * PIN is checked.
 */
export const pinRegisterRoutes = new Hono<AppEnv>()
  .post('/pins', validFlowInput('json', pinsInput), (c) =>
    runStep(c, 'register-pins', async ({ state, facts }) => {
      const { pins } = c.req.valid('json');
      const accountIds = pins.map((entry) => entry.accountId);
      assertSelectable(state, accountIds, facts);

      const checked = await guardedCheck(c, {
        guards: accountIds.map((id) => ({ subject: pinSubject(id), policy: PIN_LOCKOUT })),
        check: async () => {
          const matches = await c.var.bank.accounts.verifyInquiryPins(state.customerId!, pins);
          return { result: matches, failed: matches.map((match) => !match) };
        },
      });
      if (checked.status === 'refused') {
        const refused = new Set(checked.refused.map((refusal) => refusal.subject));
        throw pinLocked(accountIds.filter((id) => refused.has(pinSubject(id))));
      }
      const wrong = accountIds
        .map((accountId, index) => ({ accountId, failures: checked.priorFailures[index] + 1 }))
        .filter((_, index) => !checked.result[index]);
      if (wrong.length > 0) {
        const nowLocked = wrong.filter((entry) => entry.failures >= PIN_LOCKOUT.maxFailures);
        if (nowLocked.length > 0) throw pinLocked(nowLocked.map((entry) => entry.accountId));
        throw new Problem(422, 'invalid_pin', 'The inquiry PIN is incorrect.', {
          accountIds: wrong.map((entry) => entry.accountId),
          attemptsLeft: Math.min(...wrong.map((entry) => PIN_LOCKOUT.maxFailures - entry.failures)),
        });
      }
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
