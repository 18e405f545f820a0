import { Hono } from 'hono';
import * as z from 'zod';
import type { AppEnv } from '../../app-env.js';
import { Problem } from '../../http/problem.js';
import { validFlowInput } from '../../http/validate.js';
import type { ConsentRecordView } from '../../manage/types.js';
import { customerConsentRecords } from '../../storage/customer-consent-records.js';
import { isActiveGrantOf } from '../../storage/customer-grants.js';
import { revokeGrantWithRecord } from '../../oauth/grant-revocation-record.js';
import { saveManagementSession } from '../../storage/management-sessions.js';
import { sessionAt } from './session.js';
import { manageViewOf } from './views.js';

const grantParam = z.object({ grantId: z.string().min(1).max(64) });

const grantNotFound = () =>
  new Problem(404, 'grant_not_found', 'No connection of this customer has that id.');

/**
 * The logged-in customer's own grants. 「連携解除」 revokes an active one at once, through the one
 * revocation path (server/storage/grant-revocation.ts), and answers the updated list.
 */
export const grantRoutes = new Hono<AppEnv>()
  .post('/grants/:grantId/revoke', validFlowInput('param', grantParam), async (c) => {
    const { handle, session } = await sessionAt(c, 'authenticated');
    const { grantId } = c.req.valid('param');
    const now = Date.now();
    // Checked against the customer first: the revocation itself takes any grant id.
    if (!(await isActiveGrantOf(c.env.DB, grantId, session.customerId, now))) throw grantNotFound();
    // 連携解除 by the customer: the signed record of its end says 'withdrawn'.
    const wasLive = await revokeGrantWithRecord(c.env, grantId, 'customer', now);
    if (!wasLive) throw grantNotFound();
    await saveManagementSession(c.env, handle, session, now);
    return c.json({ view: await manageViewOf(c, session) });
  })
  /**
   * 同意記録: the signed records of one of the customer's grants (given, then withdrawn or
   * revoked), active or ended. The query itself is scoped to the session's customer.
   */
  .get('/grants/:grantId/consent-records', validFlowInput('param', grantParam), async (c) => {
    const { handle, session } = await sessionAt(c, 'authenticated');
    const { grantId } = c.req.valid('param');
    const found = await customerConsentRecords(c.env.DB, grantId, session.customerId);
    if (found.length === 0) throw grantNotFound();
    await saveManagementSession(c.env, handle, session, Date.now());
    const records: ConsentRecordView[] = found;
    return c.json({ records });
  });
