import { executeServerCommand } from '@web/test-runner-commands';

/**
 * The bank in the embedding tests: another origin than the test page (the partner), served by
 * bank-page-plugin.mjs.
 */
export const bank = `http://127.0.0.1:${location.port}`;

/**
 * Runs a script in the bank's page at `url`, in a frame or (`popup`) a window of its own
 * (cross-origin to this page, so only the runner can reach it), the way the customer's own
 * actions there would.
 */
export async function inBankPage(
  script: string,
  { url = `${bank}/authorize`, popup = false } = {},
): Promise<unknown> {
  const result = await executeServerCommand<{ found: boolean; value?: unknown }, object>(
    'run-in-frame',
    { url, script, popup },
  );
  if (!result.found) throw new Error(`the bank page is not there: ${url}`);
  return result.value;
}

/** A script for the bank's page: the consent step's 許可 is 'accepted' or 'refused' (disabled). */
export const allowState = `(() => {
  const root = document.querySelector('api-link-auth-flow').shadowRoot;
  const allow = [...root.querySelectorAll('button')].find((b) => b.textContent.trim() === '許可');
  return allow ? (allow.disabled ? 'refused' : 'accepted') : 'absent';
})()`;

/** A script for the bank's page: ticks 「認可手続きを継続する」 when it is not yet ticked. */
export const tickConfirmation = `(() => {
  const root = document.querySelector('api-link-auth-flow').shadowRoot;
  const box = [...root.querySelectorAll('label')].find((l) => l.textContent.trim() === '認可手続きを継続する');
  if (box && !box.control.checked) box.control.click();
  return !!box;
})()`;

/** A script for the bank's page: ticks the box, waits for 許可 to take presses, and presses it. */
export const pressAllow = `(async () => {
  ${tickConfirmation};
  const root = document.querySelector('api-link-auth-flow').shadowRoot;
  const allow = [...root.querySelectorAll('button')].find((b) => b.textContent.trim() === '許可');
  for (let i = 0; i < 100 && allow.disabled; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  allow.click();
})()`;
