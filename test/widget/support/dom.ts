import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../../../widget/api-link-auth-flow.js';
import type { ApiLinkAuthFlow } from '../../../widget/api-link-auth-flow.js';
import type { FakeFlowServer } from './fake-flow.js';

export { deepActiveElement } from './active-element.js';

export type Widget = ApiLinkAuthFlow;

export const root = (el: Element): ShadowRoot => el.shadowRoot!;

let mounted: FakeFlowServer | undefined;

// A root hook: every test of every file that mounts a widget ends with the fixture removed and
// the page's own fetch back, after the file's own afterEach hooks.
afterEach(() => {
  fixtureCleanup();
  mounted?.restore();
  mounted = undefined;
});

export const text = (node: Node | null | undefined): string =>
  (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

export const heading = (el: Element) => root(el).querySelector('h2');

export const errorMessage = (el: Element) => root(el).querySelector('#problem');

/** Visible page text, as a sighted customer reads it. */
export const screenText = (el: Element) =>
  (root(el).querySelector('[part~=container]') as HTMLElement).innerText;

export function button(el: Element, name: string): HTMLButtonElement {
  const found = [...root(el).querySelectorAll('button')].find(
    (candidate) => text(candidate) === name,
  );
  if (!found) throw new Error(`no button "${name}" in: ${screenText(el)}`);
  return found;
}

/** The control a visible <label> with this text names. */
export function field(el: Element, label: string): HTMLInputElement {
  const found = [...root(el).querySelectorAll('label')].find(
    (candidate) => text(candidate) === label,
  );
  if (!found?.control) throw new Error(`no field labelled "${label}"`);
  return found.control as HTMLInputElement;
}

/** The accessible name given by aria-labelledby. */
export function labelledBy(control: Element): string {
  const ids = control.getAttribute('aria-labelledby')?.split(' ') ?? [];
  const scope = control.getRootNode() as ShadowRoot;
  return ids.map((id) => text(scope.getElementById(id))).join(' ');
}

export async function type(input: HTMLInputElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

export async function check(box: HTMLInputElement, checked = true) {
  if (box.checked !== checked) box.click();
}

export const until = (predicate: () => unknown, message: string) =>
  waitUntil(predicate, message, { timeout: 3000 });

export async function headingBecomes(el: Element, expected: string) {
  await until(
    () => text(heading(el)) === expected,
    `heading "${expected}", got "${text(heading(el))}"`,
  );
}

/** Mounts the hosted element against the fake flow API and waits for its first step. */
export async function mount(
  server: FakeFlowServer,
  { lang = 'ja', partnerOrigin }: { lang?: string | null; partnerOrigin?: string } = {},
): Promise<Widget> {
  mounted = server.install();
  const el = await fixture<Widget>(
    html`<api-link-auth-flow
      client-id="demo-partner"
      request-uri="urn:ietf:params:oauth:request_uri:abc"
      lang=${ifDefined(lang ?? undefined)}
      partner-origin=${ifDefined(partnerOrigin)}
    ></api-link-auth-flow>`,
  );
  const locale = (lang ?? document.documentElement.lang).startsWith('en') ? 'en' : 'ja';
  await until(
    () =>
      heading(el) && (root(el).querySelector('[part~=container]') as HTMLElement).lang === locale,
    'first step',
  );
  await el.updateComplete;
  return el;
}

export async function expectAccessible(el: Element) {
  await expect(el).to.be.accessible();
}

/** Waits for the request the last action started to be answered and rendered. */
export async function settled(el: Widget) {
  await el.updateComplete;
  await until(() => !root(el).querySelector('[aria-busy=true]'), 'request answered');
  await el.updateComplete;
}
