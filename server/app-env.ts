import type { BankSystems } from './bank/ports.js';
import type { RiskPolicy } from './bank/risk-policy.js';

/** What every route sees: the Worker's bindings, the bank's ports and the risk policy. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    bank: BankSystems;
    riskPolicy: RiskPolicy;
  };
}
