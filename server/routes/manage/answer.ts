import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { checkAnswer } from '../../flow-runner/answer-check.js';
import { loginLocked } from '../../flow-runner/problems.js';
import { Problem } from '../../http/problem.js';
import { validFlowInput } from '../../http/validate.js';
import type { ManagementSession } from '../../manage/types.js';
import { endManagementSession, saveManagementSession } from '../../storage/management-sessions.js';
import { answerInput } from '../flow/inputs.js';
import { sessionAt } from './session.js';
import { manageViewOf } from './views.js';

const tooManyWrongAnswers = () =>
  new Problem(410, 'transaction_ended', 'Too many wrong answers. Please log in again.');

/**
 * The additional authentication of 連携サービス一覧, under the flow's limits: 3 answers per
 * session, each wrong one counted toward the login lockout too; the third ends the session.
 */
export const answerRoutes = new Hono<AppEnv>().post(
  '/answer',
  validFlowInput('json', answerInput),
  async (c) => {
    const { handle, session } = await sessionAt(c, 'additional-auth');
    const answered = await checkAnswer(c, {
      customerId: session.customerId,
      questionId: session.questionId,
      answer: c.req.valid('json').answer,
      handle,
    });
    switch (answered.outcome) {
      case 'right': {
        const next: ManagementSession = { stage: 'authenticated', customerId: session.customerId };
        await saveManagementSession(c.env, handle, next, Date.now());
        return c.json({ view: await manageViewOf(c, next) });
      }
      case 'login_locked':
        throw loginLocked(answered.retryAt);
      case 'exhausted':
        await endManagementSession(c.env, handle);
        throw tooManyWrongAnswers();
      case 'wrong':
        throw new Problem(401, 'wrong_answer', 'The answer is incorrect.', {
          attemptsLeft: answered.attemptsLeft,
        });
    }
  },
);
