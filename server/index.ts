import { createApp } from './app.js';
import { demoBankSystems } from './bank/demo/index.js';

export { FlowTransaction } from './storage/flow-transaction.js';
export { LockoutCounters } from './storage/lockout-counters.js';

/** The Worker: the demo credit union's systems plugged into the app. A bank swaps bankSystems. */
const app = createApp({ bankSystems: (env) => demoBankSystems(env.DB) });

export default app satisfies ExportedHandler<Env>;
