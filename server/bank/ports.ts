import type { CustomerAccount } from '../flow/facts.js';
import type { LocalizedText } from '../flow/types.js';

/**
 * Ports to the bank's own systems. The demo implements them over D1 (server/bank/demo/); a real
 * bank implements the same interfaces over its core banking systems and changes nothing else.
 * Every verify* method must take the same time whether or not the subject exists, and must
 * compare in constant time.
 */

export interface CustomerDirectory {
  /**
   * The customer's ID when login ID and password match and the customer may log in without a
   * certificate; null otherwise (never says which).
   */
  verifyPassword(loginId: string, password: string): Promise<string | null>;
  /** Password check for a customer already identified by a client certificate. */
  verifyPasswordOf(customerId: string, password: string): Promise<boolean>;
  /** The customer a verified client certificate (SHA-256 fingerprint, hex) belongs to. */
  findByCertificate(fingerprintSha256: string): Promise<string | null>;
  /** Login ID of a customer, the key of the lockout counter. */
  loginIdOf(customerId: string): Promise<string | null>;
}

export interface SecretQuestion {
  id: string;
  text: LocalizedText;
}

export interface SecretQuestions {
  questionFor(customerId: string): Promise<SecretQuestion | null>;
  question(questionId: string): Promise<SecretQuestion | null>;
  verifyAnswer(customerId: string, questionId: string, answer: string): Promise<boolean>;
}

/** What the risk policy learns about a customer from the bank (リスクベース追加認証). */
export interface RiskSignals {
  flaggedForStepUp(customerId: string): Promise<boolean>;
}

/** An inquiry account as the bank holds it; `pinRegistered` is filled in by our own records. */
export type BankAccount = Omit<CustomerAccount, 'pinRegistered'>;

export interface InquiryPinEntry {
  accountId: string;
  pin: string;
}

export interface AccountDirectory {
  accountsOf(customerId: string): Promise<BankAccount[]>;
  /**
   * Checks the PINs the customer filed with the bank for those accounts (照会用暗証番号), in one
   * call however many rows the PIN step submits; answers a match per entry, in order.
   */
  verifyInquiryPins(customerId: string, entries: InquiryPinEntry[]): Promise<boolean[]>;
}

export interface LedgerEntry {
  bookedOn: string;
  description: string;
  amount: number;
  balanceAfter: number;
}

export interface Ledger {
  balance(accountId: string): Promise<{ amount: number; asOf: string } | null>;
  recentEntries(accountId: string, limit: number): Promise<LedgerEntry[]>;
}

export interface BankSystems {
  customers: CustomerDirectory;
  questions: SecretQuestions;
  risk: RiskSignals;
  accounts: AccountDirectory;
  ledger: Ledger;
}
