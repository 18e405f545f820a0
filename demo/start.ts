// `npm start`: builds the widget (unless dist/ holds a build of the current sources), prepares the
// local D1 data on first run (and applies any migration added since, on later runs), then starts
// the bank Worker (wrangler dev, http://127.0.0.1:8787) and the partner site
// (http://localhost:8788). The end-to-end tests start the same thing with DEMO_STATE_DIR (a fresh
// state directory, reset first) and DEMO_TRANSACTION_IDLE_SECONDS (so expiry can be seen without
// waiting 10 minutes).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { widgetBuildIsCurrent } from '../widget/build-inputs.mjs';
import { DEMO_BANK_ORIGIN, DEMO_PARTNER_ORIGIN } from './bank-data.js';
import { migrate } from './database.js';
import { ensureDevSecrets } from './dev-secrets.js';
import { withLocalD1 } from './local-d1.js';
import { startPartnerSite } from './partner/server.js';
import { resetDemoState } from './reset.js';

process.env.WRANGLER_SEND_METRICS = 'false';
process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';

if (widgetBuildIsCurrent()) {
  console.log('The widget build is up to date.');
} else if (spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' }).status !== 0) {
  process.exit(1);
}
const stateDir = process.env.DEMO_STATE_DIR ?? '.wrangler/state';
if (process.env.DEMO_STATE_DIR || !existsSync(`${stateDir}/v3/d1`)) {
  console.log('Creating the demo credit union’s data…');
  await resetDemoState(stateDir);
} else {
  await withLocalD1(stateDir, migrate);
}

await ensureDevSecrets();
const idleSeconds = process.env.DEMO_TRANSACTION_IDLE_SECONDS;
const bank = spawn(
  'npx',
  [
    'wrangler',
    'dev',
    '--local',
    '--ip',
    '127.0.0.1',
    '--port',
    '8787',
    '--persist-to',
    stateDir,
    '--show-interactive-dev-session=false',
    ...(idleSeconds ? ['--var', `TRANSACTION_IDLE_SECONDS:${idleSeconds}`] : []),
    // With a nonce secret the bank hands out DPoP nonces (RFC 9449 §8), so the demo shows the
    // FAPI partner's use_dpop_nonce retry. A new one each start: it protects nothing lasting.
    '--var',
    `DPOP_NONCE_SECRET:${randomBytes(32).toString('base64url')}`,
  ],
  { stdio: ['ignore', 'inherit', 'inherit'] },
);
const partner = startPartnerSite();

const stop = () => {
  bank.kill('SIGTERM');
  partner.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
bank.on('exit', (code) => {
  console.error(`The bank Worker stopped (exit ${code}).`);
  partner.close();
  process.exit(code ?? 1);
});

await waitFor(`${DEMO_BANK_ORIGIN}/.well-known/oauth-authorization-server`);
console.log(`
  api-link-auth demo is running
  ─────────────────────────────
  Partner site (かんたん家計簿):  ${DEMO_PARTNER_ORIGIN}
  Developer page (events):       ${DEMO_PARTNER_ORIGIN}/developer
  Bank (デモ信用組合):            ${DEMO_BANK_ORIGIN}
  連携サービス一覧 (linked services): ${DEMO_BANK_ORIGIN}/connections

  Customers (password demo1234, every inquiry PIN 1234):
    demo       four accounts, no extra question
    demo-risk  always asked 好きな数へ入力？ — answer 7
    demo-cert  certificate login (see README for the simulated certificate)

  npm run demo:reset restores the demo data (stop this first). Ctrl+C stops.
`);

async function waitFor(url: string) {
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not come up`);
}
