import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { handleOf } from '../../flow-runner/open-transaction.js';
import { Problem } from '../../http/problem.js';
import type { ManagementSession } from '../../manage/types.js';
import { readManagementSession } from '../../storage/management-sessions.js';

export type SessionAt<S extends ManagementSession['stage']> = {
  handle: string;
  session: Extract<ManagementSession, { stage: S }>;
};

/**
 * The management session the request names, which must be at one of `stages`. Its handle travels
 * in the flow's X-Transaction header (`handleOf`): server/flow-runner/guarded-check.ts limits failed secret
 * checks per handle of that header, so a session is held to the same per-transaction limit.
 */
export async function sessionAt<S extends ManagementSession['stage']>(
  c: Context<AppEnv>,
  ...stages: S[]
): Promise<SessionAt<S>> {
  const handle = handleOf(c);
  const session = await readManagementSession(c.env, handle, Date.now());
  if (!session) {
    throw new Problem(410, 'transaction_expired', 'This session has expired. Please log in again.');
  }
  if (!(stages as string[]).includes(session.stage)) {
    throw new Problem(409, 'step_not_allowed', 'This step is not open in this session.');
  }
  return { handle, session: session as SessionAt<S>['session'] };
}
