import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { checkAnswer } from '../../flow-runner/answer-check.js';
import { handleOf } from '../../flow-runner/open-transaction.js';
import { loginLocked } from '../../flow-runner/problems.js';
import { runStep } from '../../flow-runner/run-step.js';
import { acceptAnswer, rejectAnswer } from '../../flow/steps/additional-auth.js';
import { Problem } from '../../http/problem.js';
import { validFlowInput } from '../../http/validate.js';
import { answerInput } from './inputs.js';

const tooManyWrongAnswers = () =>
  new Problem(
    410,
    'transaction_ended',
    'Too many wrong answers. Please start again from the partner’s site.',
  );

const wrongAnswer = (attemptsLeft: number) =>
  new Problem(401, 'wrong_answer', 'The answer is incorrect.', { attemptsLeft });

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
      const answered = await checkAnswer(c, {
        customerId: state.customerId!,
        questionId: state.stepUp!.questionId,
        answer: c.req.valid('json').answer,
        handle: handleOf(c),
      });
      switch (answered.outcome) {
        case 'right':
          return acceptAnswer(state, facts);
        case 'login_locked':
          return { ending: 'login_locked', refusal: loginLocked(answered.retryAt) };
        case 'exhausted':
          return { ending: 'too_many_wrong_answers', refusal: tooManyWrongAnswers() };
        case 'wrong':
          return { next: rejectAnswer(state).state, refusal: wrongAnswer(answered.attemptsLeft) };
      }
    }),
);
