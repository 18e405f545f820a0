import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { customerAccounts } from '../../flow-runner/facts.js';
import { guardedCheck } from '../../flow-runner/guarded-check.js';
import { grantUnavailable, loginLocked } from '../../flow-runner/problems.js';
import { reconsentedGrant } from '../../flow-runner/reconsented-grant.js';
import { runStep } from '../../flow-runner/run-step.js';
import { completeLogin, recognizeCertificate } from '../../flow/steps/login.js';
import { verifiedCertificateFingerprint } from '../../http/client-certificate.js';
import { Problem } from '../../http/problem.js';
import { validFlowInput } from '../../http/validate.js';
import { LOGIN_LOCKOUT, loginSubject } from '../../storage/lockouts.js';
import { loginInput } from './inputs.js';

/** Step 1 — login: 1-1 certificate then password, or 1-2 login ID and password. */
export const loginRoutes = new Hono<AppEnv>()
  .post('/certificate', (c) =>
    runStep(c, 'present-certificate', async ({ state }) => {
      const customerId = await certificateCustomer(c);
      return recognizeCertificate(state, customerId);
    }),
  )
  .post('/login', validFlowInput('json', loginInput), (c) =>
    runStep(c, 'log-in', async ({ state, facts }) => {
      const { loginId: typedLoginId, password } = c.req.valid('json');
      const { certificateCustomerId } = state;
      const loginId = certificateCustomerId
        ? await c.var.bank.customers.loginIdOf(certificateCustomerId)
        : typedLoginId;
      if (!loginId) throw new Problem(400, 'invalid_request', 'loginId is required.');

      const checked = await guardedCheck(c, {
        guards: [{ subject: loginSubject(loginId), policy: LOGIN_LOCKOUT }],
        check: async () => {
          const credentials = { loginId, certificateCustomerId, password };
          const customerId = await verifyPassword(c, credentials);
          return { result: customerId, failed: [customerId === null] };
        },
      });
      if (checked.status === 'refused') {
        return { ending: 'login_locked', refusal: loginLocked(checked.refused[0].retryAt) };
      }
      const [priorFailures] = checked.priorFailures;
      const customerId = checked.result;
      if (!customerId) {
        if (priorFailures + 1 >= LOGIN_LOCKOUT.maxFailures) {
          const refusal = loginLocked(Date.now() + LOGIN_LOCKOUT.lockMs);
          return { ending: 'login_locked', refusal };
        }
        throw new Problem(401, 'invalid_credentials', 'The login ID or password is incorrect.');
      }

      // A re-consent only by the customer whose grant it is (OpenID Grant Management).
      const currentGrant = state.request.grantManagement
        ? await reconsentedGrant(c.env.DB, state.request, customerId)
        : undefined;
      if (currentGrant === null) return { ending: 'invalid_grant_id', refusal: grantUnavailable() };

      // The risk policy sees the failures counted when this attempt reserved, not a stale read.
      // Its signals and the account list are asked together: with the demo bank, one D1 batch.
      const risk = { customerId, recentFailedLogins: priorFailures };
      const [stepUp, accounts] = await Promise.all([
        c.var.riskPolicy(risk, c.var.bank.risk),
        customerAccounts(c, customerId),
      ]);
      const question = stepUp ? await c.var.bank.questions.questionFor(customerId) : null;
      if (stepUp && !question) throw additionalAuthUnavailable();
      const learned = { accounts, question: question?.text, ...(currentGrant && { currentGrant }) };
      const next = completeLogin(state, customerId, question?.id ?? null, { ...facts, ...learned });
      return { next, learned };
    }),
  );

/**
 * 1-1 checks the password of the customer the certificate named; 1-2 of the login ID typed.
 * 連携サービス一覧's login (server/routes/manage/login.ts) checks the same way.
 */
export async function verifyPassword(
  c: Context<AppEnv>,
  credentials: { loginId: string; certificateCustomerId?: string; password: string },
): Promise<string | null> {
  const { loginId, certificateCustomerId, password } = credentials;
  const { customers } = c.var.bank;
  if (!certificateCustomerId) return customers.verifyPassword(loginId, password);
  const matches = await customers.verifyPasswordOf(certificateCustomerId, password);
  return matches ? certificateCustomerId : null;
}

export async function certificateCustomer(c: Context<AppEnv>): Promise<string> {
  const fingerprint = verifiedCertificateFingerprint(c.req.raw);
  const customerId = fingerprint ? await c.var.bank.customers.findByCertificate(fingerprint) : null;
  if (!customerId) {
    throw new Problem(
      401,
      'certificate_not_recognized',
      'No verified client certificate registered with the bank was presented.',
    );
  }
  return customerId;
}

/**
 * Fail closed: the risk policy asked for additional authentication, and the bank has no
 * question for this customer, so the login cannot complete.
 */
export function additionalAuthUnavailable(): Problem {
  return new Problem(
    403,
    'additional_auth_unavailable',
    'Additional authentication is required, but none is registered for this customer.',
  );
}
