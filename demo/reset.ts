// `npm run demo:reset`: restores the demo credit union to its documented state (customers, PIN
// registrations, grants, tokens, lockouts) by deleting the local state in .wrangler/state and
// rebuilding D1 from the migrations and the demo data. Stop `npm start` first.
import { mkdir, rm } from 'node:fs/promises';
import { migrate, seed } from './database.js';
import { withLocalD1 } from './local-d1.js';

process.env.WRANGLER_SEND_METRICS = 'false';
process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';
process.env.WRANGLER_LOG ??= 'error';

export async function resetDemoState(stateDir = '.wrangler/state'): Promise<void> {
  await rm(stateDir, { recursive: true, force: true });
  await mkdir('dist/public', { recursive: true });
  await withLocalD1(stateDir, async (db) => {
    await migrate(db);
    await seed(db);
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await resetDemoState();
  console.log(
    'Demo data restored: customers demo, demo-risk, demo-cert (password demo1234, every inquiry PIN 1234).',
  );
}
