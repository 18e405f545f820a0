import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { assertActionAccepted } from '../../flow/actions.js';
import { completeLogin, recognizeCertificate } from '../../flow/steps/login.js';
import { Problem } from '../../http/problem.js';
import { validFlowInput } from '../../http/validate.js';
import { loginInput } from './inputs.js';
import { LOGIN_LOCKOUT, loginLockout } from '../../storage/lockouts.js';
import { advance, gatherFacts, loadTransaction } from './transaction.js';


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
  .post('/certificate', async (c) => {
    const transaction = await loadTransaction(c);
    assertActionAccepted(transaction.state.step, 'present-certificate');
    const customerId = await certificateCustomer(c);
    const loginId = await c.var.bank.customers.loginIdOf(customerId);
    await assertNotLocked(c.env, loginId ?? customerId);
    return c.json(await advance(c, transaction, recognizeCertificate(transaction.state, customerId)));
  })
  .post('/login', validFlowInput('json', loginInput), async (c) => {
    const transaction = await loadTransaction(c);
    const { state } = transaction;
    assertActionAccepted(state.step, 'log-in');
    const { loginId: typedLoginId, password } = c.req.valid('json');
    const certificateCustomerId = state.certificateCustomerId;
    const loginId = certificateCustomerId ? await c.var.bank.customers.loginIdOf(certificateCustomerId) : typedLoginId;
    if (!loginId) throw new Problem(400, 'invalid_request', 'loginId is required.');

    const lockout = loginLockout(c.env, loginId);
    const { failures } = await assertNotLocked(c.env, loginId);
    const customerId = await verifyPassword(c, { loginId, certificateCustomerId, password });
    if (!customerId) {
      const status = await lockout.recordFailure(Date.now(), LOGIN_LOCKOUT);
      if (status.lockedUntil) throw lockedProblem(status.lockedUntil);
      throw new Problem(401, 'invalid_credentials', 'The login ID or password is incorrect.');
    }

    const stepUp = await c.var.riskPolicy({ customerId, recentFailedLogins: failures }, c.var.bank.risk);
    const question = stepUp ? await c.var.bank.questions.questionFor(customerId) : null;
    // Failures are forgiven only once the customer is fully authenticated; a pending question
    // keeps them, so wrong answers add to them (server issue §6). No failures, nothing to clear.
    if (!question && failures > 0) await lockout.clear();
    const facts = await gatherFacts(c, { ...state, customerId });
    const next = completeLogin(state, customerId, question?.id ?? null, facts);
    return c.json(await advance(c, transaction, next, question ? { ...facts, question: question.text } : facts));
  });

/** 1-1 checks the password of the customer the certificate named; 1-2 of the login ID typed. */
async function verifyPassword(
  c: Context<AppEnv>,
  { loginId, certificateCustomerId, password }: { loginId: string; certificateCustomerId?: string; password: string },
): Promise<string | null> {
  const { customers } = c.var.bank;
  if (!certificateCustomerId) return customers.verifyPassword(loginId, password);
  return (await customers.verifyPasswordOf(certificateCustomerId, password)) ? certificateCustomerId : null;
}

async function certificateCustomer(c: Context<AppEnv>): Promise<string> {
  const tls = (c.req.raw.cf as { tlsClientAuth?: TlsClientAuth } | undefined)?.tlsClientAuth;
  const fingerprint = tls?.certVerified === 'SUCCESS' ? tls.certFingerprintSHA256 : undefined;
  const customerId = fingerprint ? await c.var.bank.customers.findByCertificate(fingerprint) : null;
  if (!customerId) {
    throw new Problem(401, 'certificate_not_recognized', 'No verified client certificate registered with the bank was presented.');
  }
  return customerId;
}

async function assertNotLocked(env: Env, loginId: string) {
  const status = await loginLockout(env, loginId).status(Date.now());
  if (status.lockedUntil) throw lockedProblem(status.lockedUntil);
  return status;
}

export function lockedProblem(lockedUntil: number): Problem {
  return new Problem(423, 'account_locked', 'Too many failed attempts. Login is locked for a while.', { lockedUntil });
}
