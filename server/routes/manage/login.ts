import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { guardedCheck } from '../../flow-runner/guarded-check.js';
import { loginLocked } from '../../flow-runner/problems.js';
import { Problem } from '../../http/problem.js';
import { validFlowInput } from '../../http/validate.js';
import type { ManagementSession } from '../../manage/types.js';
import { LOGIN_LOCKOUT, loginSubject } from '../../storage/lockouts.js';
import { saveManagementSession } from '../../storage/management-sessions.js';
import { loginInput } from '../flow/inputs.js';
import { additionalAuthUnavailable, certificateCustomer, verifyPassword } from '../flow/login.js';
import { sessionAt } from './session.js';
import { manageViewOf } from './views.js';

/**
 * The login of 連携サービス一覧: the flow's login (server/routes/flow/login.ts) with its checks,
 * lockout and risk policy, ending in the customer's list instead of an authorization. A lock is
 * answered, never an ending: there is no partner to tell.
 */
export const loginRoutes = new Hono<AppEnv>()
  .post('/certificate', async (c) => {
    const { handle } = await sessionAt(c, 'login');
    const certificateCustomerId = await certificateCustomer(c);
    const session: ManagementSession = { stage: 'login', certificateCustomerId };
    await saveManagementSession(c.env, handle, session, Date.now());
    return c.json({ view: await manageViewOf(c, session) });
  })
  .post('/login', validFlowInput('json', loginInput), async (c) => {
    const { handle, session } = await sessionAt(c, 'login');
    const { loginId: typedLoginId, password } = c.req.valid('json');
    const { certificateCustomerId } = session;
    const { customers } = c.var.bank;
    const loginId = certificateCustomerId
      ? await customers.loginIdOf(certificateCustomerId)
      : typedLoginId;
    if (!loginId) throw new Problem(400, 'invalid_request', 'loginId is required.');

    const checked = await guardedCheck(c, {
      guards: [{ subject: loginSubject(loginId), policy: LOGIN_LOCKOUT }],
      check: async () => {
        const customerId = await verifyPassword(c, { loginId, certificateCustomerId, password });
        return { result: customerId, failed: [customerId === null] };
      },
    });
    if (checked.status === 'refused') throw loginLocked(checked.refused[0].retryAt);
    const [priorFailures] = checked.priorFailures;
    const customerId = checked.result;
    if (!customerId) {
      if (priorFailures + 1 >= LOGIN_LOCKOUT.maxFailures) {
        throw loginLocked(Date.now() + LOGIN_LOCKOUT.lockMs);
      }
      throw new Problem(401, 'invalid_credentials', 'The login ID or password is incorrect.');
    }

    // As in the flow, the risk policy sees the failures counted when this attempt reserved.
    const risk = { customerId, recentFailedLogins: priorFailures };
    const stepUp = await c.var.riskPolicy(risk, c.var.bank.risk);
    const question = stepUp ? await c.var.bank.questions.questionFor(customerId) : null;
    if (stepUp && !question) throw additionalAuthUnavailable();
    const next: ManagementSession = question
      ? { stage: 'additional-auth', customerId, questionId: question.id }
      : { stage: 'authenticated', customerId };
    await saveManagementSession(c.env, handle, next, Date.now());
    return c.json({ view: await manageViewOf(c, next) });
  });
