import type { PartnerProfile } from '../flow/facts.js';
import { DAY_MS, jstDate } from '../flow/dates.js';
import type { ScopeView } from '../flow/types.js';
import type { BankAccount } from '../bank/ports.js';
import type { CustomerGrant } from '../storage/customer-grants.js';
import type { ConnectionView, GrantedAccountView, ManageView } from './types.js';

/** Grants ending within this many days are marked 期限が近づいています. */
export const CONNECTION_EXPIRY_NOTICE_DAYS = 14;

/** How long a revoked grant stays in the list, under 解除済み. */
export const REVOKED_CONNECTIONS_SHOWN_DAYS = 30;

/** What the list is built from: the grants, and the names and labels they refer to. */
export interface ConnectionFacts {
  grants: CustomerGrant[];
  partners: Map<string, PartnerProfile>;
  scopeCatalog: ScopeView[];
  accounts: BankAccount[];
  now: number;
}

/** 連携サービス一覧: the active grants, then those revoked or ended lately. */
export function connectionsView(
  facts: ConnectionFacts,
): Extract<ManageView, { name: 'connections' }> {
  const listed = facts.grants.filter((grant) => facts.partners.has(grant.clientId));
  const live = listed.filter((grant) => grant.revokedAt === null);
  const active = live.filter((grant) => grant.expiresAt > facts.now);
  const expired = live
    .filter((grant) => grant.expiresAt <= facts.now)
    .sort((a, b) => b.expiresAt - a.expiresAt);
  const revoked = listed
    .filter((grant) => grant.revokedAt !== null)
    .sort((a, b) => b.revokedAt! - a.revokedAt!);
  return {
    name: 'connections',
    active: active.map((grant) => connectionView(grant, facts)),
    revoked: revoked.map((grant) => connectionView(grant, facts)),
    expired: expired.map((grant) => connectionView(grant, facts)),
  };
}

function connectionView(grant: CustomerGrant, facts: ConnectionFacts): ConnectionView {
  const partner = facts.partners.get(grant.clientId)!;
  const daysLeft = Math.max(0, Math.ceil((grant.expiresAt - facts.now) / DAY_MS));
  return {
    grantId: grant.id,
    service: partner.service,
    company: partner.company,
    // A scope the bank no longer lists is shown by its name rather than dropped.
    scopes: grant.scopes.map(
      (name) =>
        facts.scopeCatalog.find((scope) => scope.name === name) ?? {
          name,
          label: { ja: name, en: name },
        },
    ),
    accounts: facts.accounts
      .filter((account) => grant.accountIds.includes(account.id))
      .map(grantedAccount),
    createdOn: jstDate(grant.createdAt),
    endsOn: jstDate(grant.expiresAt),
    daysLeft,
    expiringSoon: daysLeft <= CONNECTION_EXPIRY_NOTICE_DAYS,
    lastUsedAt: grant.lastUsedAt,
    revokedOn: grant.revokedAt === null ? null : jstDate(grant.revokedAt),
  };
}

function grantedAccount(account: BankAccount): GrantedAccountView {
  const { id, branchName, branchCode, accountType, accountNumber } = account;
  return { id, branchName, branchCode, accountType, accountNumber };
}
