import type { RiskSignals } from './ports.js';

/**
 * Decides whether login needs additional authentication (step 2 of docs/flow.md, リスクベース追加認証).
 * Pluggable: a bank may pass its own policy to the app. The default asks when the bank flagged
 * the customer, or when the customer's login failed recently (a guessed password is the risk).
 */
export interface RiskContext {
  customerId: string;
  /** Failed logins on record for this customer just before this success. */
  recentFailedLogins: number;
}

export type RiskPolicy = (context: RiskContext, signals: RiskSignals) => Promise<boolean>;

export const defaultRiskPolicy: RiskPolicy = async ({ customerId, recentFailedLogins }, signals) =>
  recentFailedLogins > 0 || (await signals.flaggedForStepUp(customerId));
