import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { assertActionAccepted } from '../../flow/actions.js';
import { acceptAnswer, rejectAnswer } from '../../flow/steps/additional-auth.js';
import { Problem } from '../../http/problem.js';
import { validFlowInput } from '../../http/validate.js';
import { answerInput } from './inputs.js';
import { LOGIN_LOCKOUT, loginLockout } from '../../storage/lockouts.js';
import { lockedProblem } from './login.js';
import { advance, gatherFacts, loadTransaction, saveTransaction } from './transaction.js';


/** Step 2 — additional authentication: 3 wrong answers end the transaction and count toward lockout. */
export const additionalAuthRoutes = new Hono<AppEnv>().post('/answer', validFlowInput('json', answerInput), async (c) => {
  const transaction = await loadTransaction(c);
  const { state } = transaction;
  assertActionAccepted(state.step, 'answer');
  const customerId = state.customerId!;
  const questionId = state.stepUp!.questionId;
  const loginId = (await c.var.bank.customers.loginIdOf(customerId)) ?? customerId;
  const lockout = loginLockout(c.env, loginId);

  if (await c.var.bank.questions.verifyAnswer(customerId, questionId, c.req.valid('json').answer)) {
    await lockout.clear();
    return c.json(await advance(c, transaction, acceptAnswer(state, await gatherFacts(c, state, transaction))));
  }

  const lockStatus = await lockout.recordFailure(Date.now(), LOGIN_LOCKOUT);
  const { state: next, attemptsLeft } = rejectAnswer(state);
  if (attemptsLeft === 0 || lockStatus.lockedUntil) {
    await transaction.record.end();
    if (lockStatus.lockedUntil) throw lockedProblem(lockStatus.lockedUntil);
    throw new Problem(410, 'transaction_ended', 'Too many wrong answers. Please start again from the partner’s site.');
  }
  await saveTransaction(c, transaction, next);
  throw new Problem(401, 'wrong_answer', 'The answer is incorrect.', { attemptsLeft });
});
