import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { DAY_MS } from '../../flow/dates.js';
import type { PartnerProfile } from '../../flow/facts.js';
import { MAX_WRONG_ANSWERS } from '../../flow/steps/additional-auth.js';
import { connectionsView, REVOKED_CONNECTIONS_SHOWN_DAYS } from '../../manage/connections-view.js';
import type { ManagementSession, ManageView } from '../../manage/types.js';
import { customerGrants } from '../../storage/customer-grants.js';
import { partnerForFlow, scopeCatalogForFlow } from '../../storage/reference-data.js';

/** The view a management session is at: the login, the question, or the customer's list. */
export async function manageViewOf(
  c: Context<AppEnv>,
  session: ManagementSession,
): Promise<ManageView> {
  if (session.stage === 'login') {
    const certificateRecognized = session.certificateCustomerId !== undefined;
    return {
      name: 'login',
      methods: certificateRecognized ? ['password'] : ['certificate', 'password'],
      certificateRecognized,
    };
  }
  if (session.stage === 'additional-auth') {
    const question = await c.var.bank.questions.question(session.questionId);
    return {
      name: 'additional-auth',
      question: question?.text ?? { ja: '', en: '' },
      attemptsLeft: MAX_WRONG_ANSWERS,
    };
  }
  return connectionsOf(c, session.customerId);
}

async function connectionsOf(c: Context<AppEnv>, customerId: string): Promise<ManageView> {
  const now = Date.now();
  const db = c.env.DB;
  const revokedSince = now - REVOKED_CONNECTIONS_SHOWN_DAYS * DAY_MS;
  const [grants, scopeCatalog, accounts] = await Promise.all([
    customerGrants(db, customerId, now, revokedSince),
    scopeCatalogForFlow(db),
    c.var.bank.accounts.accountsOf(customerId),
  ]);
  const clientIds = [...new Set(grants.map((grant) => grant.clientId))];
  const found = await Promise.all(clientIds.map((clientId) => partnerForFlow(db, clientId)));
  const partners = new Map<string, PartnerProfile>();
  for (const partner of found) if (partner) partners.set(partner.clientId, partner);
  return connectionsView({ grants, partners, scopeCatalog, accounts, now });
}
