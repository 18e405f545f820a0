import { createApp } from './app.js';
import { demoBankSystems } from './bank/demo/index.js';

export { FlowTransactions } from './storage/flow-transactions.js';
export { LockoutCounters } from './storage/lockout-counters.js';
export { UsedJtis } from './storage/used-jtis.js';

/** The Worker: the demo credit union's systems plugged into the app. A bank swaps bankSystems. */
const app = createApp({ bankSystems: (env) => demoBankSystems(env.DB) });

export default app satisfies ExportedHandler<Env>;
