import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { guardedCheck } from '../../flow-runner/guarded-check.js';
import { TRANSACTION_HEADER } from '../../flow-runner/open-transaction.js';
import { loginLocked } from '../../flow-runner/problems.js';
import { runStep } from '../../flow-runner/run-step.js';
import { acceptAnswer, MAX_WRONG_ANSWERS, rejectAnswer } from '../../flow/steps/additional-auth.js';
import { Problem } from '../../http/problem.js';
import { validFlowInput } from '../../http/validate.js';
import {
  ANSWER_LIMIT,
  answerSubject,
  LOGIN_LOCKOUT,
  loginSubject,
} from '../../storage/lockouts.js';
import { answerInput } from './inputs.js';

const tooManyWrongAnswers = () =>
  new Problem(
    410,
    'transaction_ended',
    'Too many wrong answers. Please start again from the partner’s site.',
  );

/**
 * Step 2 — additional authentication: 3 answers per transaction, each wrong one counted toward
 * the login lockout too; the third wrong answer, or the lock, ends the flow, and the partner is
 * told so (server/flow/endings.ts).
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
      const handle = c.req.header(TRANSACTION_HEADER)!;

      const checked = await guardedCheck(c, {
        guards: [
          { subject: loginSubject(loginId), policy: LOGIN_LOCKOUT },
          { subject: answerSubject(handle), policy: ANSWER_LIMIT },
        ],
        check: async () => {
          const right = await c.var.bank.questions.verifyAnswer(customerId, questionId, answer);
          return { result: right, failed: [!right, !right] };
        },
      });
      if (checked.status === 'refused') {
        const [login] = checked.refused.filter((r) => r.subject === loginSubject(loginId));
        if (login) return { ending: 'login_locked', refusal: loginLocked(login.retryAt) };
        return { ending: 'too_many_wrong_answers', refusal: tooManyWrongAnswers() };
      }
      if (checked.result) return acceptAnswer(state, facts);

      const [loginFailures, answerFailures] = checked.priorFailures;
      if (loginFailures + 1 >= LOGIN_LOCKOUT.maxFailures) {
        const refusal = loginLocked(Date.now() + LOGIN_LOCKOUT.lockMs);
        return { ending: 'login_locked', refusal };
      }
      const attemptsLeft = MAX_WRONG_ANSWERS - (answerFailures + 1);
      if (attemptsLeft <= 0)
        return { ending: 'too_many_wrong_answers', refusal: tooManyWrongAnswers() };
      const refusal = new Problem(401, 'wrong_answer', 'The answer is incorrect.', {
        attemptsLeft,
      });
      return { next: rejectAnswer(state).state, refusal };
    }),
);
