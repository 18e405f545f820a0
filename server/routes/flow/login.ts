import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { customerAccounts } from '../../flow-runner/facts.js';
import { loginLocked } from '../../flow-runner/problems.js';
import { runStep } from '../../flow-runner/run-step.js';
import { completeLogin, recognizeCertificate } from '../../flow/steps/login.js';
import { Problem } from '../../http/problem.js';
import { validFlowInput } from '../../http/validate.js';
import { LOGIN_LOCKOUT, loginLockout } from '../../storage/lockouts.js';
import { loginInput } from './inputs.js';

/**
 * What Cloudflare's mTLS puts on the request (`request.cf.tlsClientAuth`); only a certificate
 * the edge verified, with a fingerprint, names a customer.
 */
interface TlsClientAuth {
  certVerified?: string;
  certFingerprintSHA256?: string;
}

/** Step 1 — login: 1-1 certificate then password, or 1-2 login ID and password. */
export const loginRoutes = new Hono<AppEnv>()
  .post('/certificate', (c) =>
    runStep(c, 'present-certificate', async ({ state }) => {
      const customerId = await certificateCustomer(c);
      const loginId = await c.var.bank.customers.loginIdOf(customerId);
      await assertNotLocked(c.env, loginId ?? customerId);
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

      const lockout = loginLockout(c.env, loginId);
      const { failures } = await assertNotLocked(c.env, loginId);
      const customerId = await verifyPassword(c, { loginId, certificateCustomerId, password });
      if (!customerId) {
        const status = await lockout.recordFailure(Date.now(), LOGIN_LOCKOUT);
        if (status.lockedUntil) throw loginLocked(status.lockedUntil);
        throw new Problem(401, 'invalid_credentials', 'The login ID or password is incorrect.');
      }

      const risk = { customerId, recentFailedLogins: failures };
      const stepUp = await c.var.riskPolicy(risk, c.var.bank.risk);
      const [question, accounts] = await Promise.all([
        stepUp ? c.var.bank.questions.questionFor(customerId) : null,
        customerAccounts(c, customerId),
      ]);
      // Failures are forgiven only once the customer is fully authenticated; a pending question
      // keeps them, so wrong answers add to them. No failures, nothing to clear.
      if (!question && failures > 0) await lockout.clear();
      const learned = { accounts, question: question?.text };
      const next = completeLogin(state, customerId, question?.id ?? null, { ...facts, ...learned });
      return { next, learned };
    }),
  );

/** 1-1 checks the password of the customer the certificate named; 1-2 of the login ID typed. */
async function verifyPassword(
  c: Context<AppEnv>,
  credentials: { loginId: string; certificateCustomerId?: string; password: string },
): Promise<string | null> {
  const { loginId, certificateCustomerId, password } = credentials;
  const { customers } = c.var.bank;
  if (!certificateCustomerId) return customers.verifyPassword(loginId, password);
  const matches = await customers.verifyPasswordOf(certificateCustomerId, password);
  return matches ? certificateCustomerId : null;
}

async function certificateCustomer(c: Context<AppEnv>): Promise<string> {
  const tls = (c.req.raw.cf as { tlsClientAuth?: TlsClientAuth } | undefined)?.tlsClientAuth;
  const fingerprint = tls?.certVerified === 'SUCCESS' ? tls.certFingerprintSHA256 : undefined;
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

async function assertNotLocked(env: Env, loginId: string) {
  const status = await loginLockout(env, loginId).status(Date.now());
  if (status.lockedUntil) throw loginLocked(status.lockedUntil);
  return status;
}
