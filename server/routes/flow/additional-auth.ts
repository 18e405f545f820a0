import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { loginLocked } from '../../flow-runner/problems.js';
import { runStep } from '../../flow-runner/run-step.js';
import { acceptAnswer, rejectAnswer } from '../../flow/steps/additional-auth.js';
import { Problem } from '../../http/problem.js';
import { validFlowInput } from '../../http/validate.js';
import { LOGIN_LOCKOUT, loginLockout } from '../../storage/lockouts.js';
import { answerInput } from './inputs.js';

/**
 * Step 2 — additional authentication: 3 wrong answers end the transaction, and each counts
 * toward the login lockout.
 */
export const additionalAuthRoutes = new Hono<AppEnv>().post(
  '/answer',
  validFlowInput('json', answerInput),
  (c) =>
    runStep(c, 'answer', async ({ state, facts }) => {
      const customerId = state.customerId!;
      const questionId = state.stepUp!.questionId;
      const { answer } = c.req.valid('json');
      const loginId = (await c.var.bank.customers.loginIdOf(customerId)) ?? customerId;
      const lockout = loginLockout(c.env, loginId);

      if (await c.var.bank.questions.verifyAnswer(customerId, questionId, answer)) {
        await lockout.clear();
        return acceptAnswer(state, facts);
      }
      const lockStatus = await lockout.recordFailure(Date.now(), LOGIN_LOCKOUT);
      if (lockStatus.lockedUntil) return { end: loginLocked(lockStatus.lockedUntil) };
      const { state: next, attemptsLeft } = rejectAnswer(state);
      if (attemptsLeft === 0) {
        return {
          end: new Problem(
            410,
            'transaction_ended',
            'Too many wrong answers. Please start again from the partner’s site.',
          ),
        };
      }
      return {
        next,
        refusal: new Problem(401, 'wrong_answer', 'The answer is incorrect.', { attemptsLeft }),
      };
    }),
);
