import type { BankSystems } from '../ports.js';
import { D1AccountDirectory } from './d1-account-directory.js';
import { D1CustomerDirectory } from './d1-customer-directory.js';
import { D1Ledger } from './d1-ledger.js';
import { D1SecretQuestions } from './d1-secret-questions.js';

/** The demo credit union's systems, all over the Worker's D1 database. */
export function demoBankSystems(db: D1Database): BankSystems {
  const questions = new D1SecretQuestions(db);
  return {
    customers: new D1CustomerDirectory(db),
    questions,
    risk: questions,
    accounts: new D1AccountDirectory(db),
    ledger: new D1Ledger(db),
  };
}
