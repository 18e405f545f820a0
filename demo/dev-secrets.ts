// The Worker secrets `wrangler dev` needs (wrangler.jsonc `secrets`), written into .dev.vars
// (gitignored) on first start so `npm start` works with no manual step. On Cloudflare they are set
// with `wrangler secret put`. Kept across starts: a consent record signed yesterday must still
// verify today.
import { existsSync } from 'node:fs';
import { appendFile, readFile } from 'node:fs/promises';
import { exportJWK, generateKeyPair } from 'jose';

const DEV_VARS = '.dev.vars';

/** Adds every missing secret to .dev.vars; leaves the ones already there alone. */
export async function ensureDevSecrets(): Promise<void> {
  const present = existsSync(DEV_VARS) ? await readFile(DEV_VARS, 'utf8') : '';
  if (/^CONSENT_SIGNING_JWK=/m.test(present)) return;
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = JSON.stringify(await exportJWK(privateKey));
  const separator = present === '' || present.endsWith('\n') ? '' : '\n';
  // Single quotes: the dotenv format takes the JSON inside them literally.
  await appendFile(DEV_VARS, `${separator}CONSENT_SIGNING_JWK='${jwk}'\n`, { mode: 0o600 });
  console.log('Generated a consent-record signing key into .dev.vars.');
}
