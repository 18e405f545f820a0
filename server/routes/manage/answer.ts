import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { guardedCheck } from '../../flow-runner/guarded-check.js';
import { loginLocked } from '../../flow-runner/problems.js';
import { MAX_WRONG_ANSWERS } from '../../flow/steps/additional-auth.js';
import { Problem } from '../../http/problem.js';
import { validFlowInput } from '../../http/validate.js';
import type { ManagementSession } from '../../manage/types.js';
import {
  ANSWER_LIMIT,
  answerSubject,
  LOGIN_LOCKOUT,
  loginSubject,
} from '../../storage/lockouts.js';
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
    const { customerId, questionId } = session;
    const { answer } = c.req.valid('json');
    const loginId = (await c.var.bank.customers.loginIdOf(customerId)) ?? customerId;

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
      if (login) throw loginLocked(login.retryAt);
      await endManagementSession(c.env, handle);
      throw tooManyWrongAnswers();
    }
    if (checked.result) {
      const next: ManagementSession = { stage: 'authenticated', customerId };
      await saveManagementSession(c.env, handle, next, Date.now());
      return c.json({ view: await manageViewOf(c, next) });
    }

    const [loginFailures, answerFailures] = checked.priorFailures;
    if (loginFailures + 1 >= LOGIN_LOCKOUT.maxFailures) {
      throw loginLocked(Date.now() + LOGIN_LOCKOUT.lockMs);
    }
    const attemptsLeft = MAX_WRONG_ANSWERS - (answerFailures + 1);
    if (attemptsLeft <= 0) {
      await endManagementSession(c.env, handle);
      throw tooManyWrongAnswers();
    }
    throw new Problem(401, 'wrong_answer', 'The answer is incorrect.', { attemptsLeft });
  },
);
