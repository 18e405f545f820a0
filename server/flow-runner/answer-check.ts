import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import { MAX_WRONG_ANSWERS } from '../flow/steps/additional-auth.js';
import { ANSWER_LIMIT, answerSubject, LOGIN_LOCKOUT, loginSubject } from '../storage/lockouts.js';
import { guardedCheck } from './guarded-check.js';

/** What one answer to the additional-authentication question came to. */
export type AnswerOutcome =
  | { outcome: 'right' }
  | { outcome: 'wrong'; attemptsLeft: number }
  /** The login ID is locked (now, or by this very answer) until `retryAt`. */
  | { outcome: 'login_locked'; retryAt: number }
  /** This answer used up the handle's last attempt (or none were left). */
  | { outcome: 'exhausted' };

/**
 * Checks an answer under the same two limits wherever a question is asked (the flow's step 2 and
 * 連携サービス一覧): at most 3 answers per handle, and each wrong one counted toward the login
 * lockout too. The check is guarded (reserve, check, settle), so parallel answers cannot exceed
 * either limit; the caller only decides what each outcome means for its own session.
 */
export async function checkAnswer(
  c: Context<AppEnv>,
  question: { customerId: string; questionId: string; answer: string; handle: string },
): Promise<AnswerOutcome> {
  const { customerId, questionId, answer, handle } = question;
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
    return login ? { outcome: 'login_locked', retryAt: login.retryAt } : { outcome: 'exhausted' };
  }
  if (checked.result) return { outcome: 'right' };

  const [loginFailures, answerFailures] = checked.priorFailures;
  if (loginFailures + 1 >= LOGIN_LOCKOUT.maxFailures) {
    return { outcome: 'login_locked', retryAt: Date.now() + LOGIN_LOCKOUT.lockMs };
  }
  const attemptsLeft = MAX_WRONG_ANSWERS - (answerFailures + 1);
  return attemptsLeft <= 0 ? { outcome: 'exhausted' } : { outcome: 'wrong', attemptsLeft };
}
