import {
  ApiLinkAuthCancelEvent,
  ApiLinkAuthCompleteEvent,
  ApiLinkAuthErrorEvent,
  ApiLinkAuthReadyEvent,
  ApiLinkAuthStepEvent,
} from './events.js';
import { messageSource, messageVersion, type WidgetMessage } from './message.js';
import type { FlowViewName } from '../server/flow/types.js';

export * from './events.js';

// The × sits in a bar of its own above the frame, so it never covers the bank page's controls. On a
// phone (≤ 480 px) the modal is the whole screen: a frame inside margins leaves too little room.
// That is arithmetic on 100vw (--n is 1px at ≤ 480 px, else 0), not a media query: in WebKitGTK
// 2.50 this root's media query was seen to stop applying once the page had opened a popup.
const template = document.createElement('template');
template.innerHTML = `<style>
dialog[open]{display:flex;flex-direction:column}
dialog{--n:min(1px,max(0px,481px - 100vw));width:max(min(var(--api-link-auth-dialog-width,40rem),100vw),var(--n)*1e5);max-width:100vw;height:max(min(var(--api-link-auth-dialog-height,46rem),100dvh),var(--n)*1e5);max-height:100dvh;padding:0;border:0;border-radius:calc(var(--api-link-auth-radius,6px)*(1 - var(--n)/1px));overflow:hidden;background:#fff}
dialog::backdrop{background:var(--api-link-auth-backdrop,rgb(0 0 0/.5))}
div{display:flex;justify-content:flex-end;border-bottom:1px solid #d5dbe3}
iframe{display:block;flex:1;width:100%;border:0}
button{min-width:44px;min-height:44px;border:0;background:none;color:#1b2430;font:1.5rem/1 sans-serif;cursor:pointer}
button:focus-visible{outline:3px solid var(--api-link-auth-color-focus,#1a73e8);outline-offset:-3px}
</style><slot></slot><dialog part="dialog"><div><button part="close" type="button">×</button></div><iframe part="frame" autofocus></iframe></dialog>`;

/**
 * The partner-side `<api-link-auth>`: `open()` shows the bank's authorization page in a modal
 * frame (or a popup window, or the whole page), so credentials are typed only on the bank's page,
 * and re-emits what that page reports as DOM events. It carries none of the flow's UI and stays
 * tiny.
 *
 * @summary Opens the bank's API connection authorization in a modal and reports the result.
 *
 * @attr server - The bank's origin, e.g. https://bank.example: the only origin messages are accepted from.
 * @attr client-id - The partner's `client_id`.
 * @attr request-uri - The `request_uri` the partner's backend got from the bank's PAR endpoint (RFC 9126).
 * @attr mode - `modal` (default: a frame in a dialog), `popup` (a window of its own; both need a request pushed with `response_mode=web_message`) or `redirect` (this page goes to the bank's and comes back to the `redirect_uri`; needs `response_mode=query`).
 *
 * @slot - Optional content shown in place, e.g. the button that calls `open()`.
 *
 * @event api-link-auth-ready - The bank's page shows its first step.
 * @event api-link-auth-step - The bank's page shows a new step; `detail.view` names it.
 * @event api-link-auth-complete - The customer allowed; exchange `detail.code` (with `state`, `iss` checked) at the token endpoint.
 * @event api-link-auth-cancel - `detail.reason` is 'denied' (pressed 拒否; with `state`, `iss`) or 'closed' (Escape or ×).
 * @event api-link-auth-error - The flow cannot continue (e.g. `transaction_expired`); start a new request. `popup_blocked`: the browser refused the popup window.
 *
 * @csspart dialog - The modal `<dialog>`.
 * @csspart frame - The `<iframe>` of the bank's page.
 * @csspart close - The × button.
 *
 * @cssproperty --api-link-auth-dialog-width - Default 40rem (never wider than the viewport).
 * @cssproperty --api-link-auth-dialog-height - Default 46rem (never taller than the viewport).
 * @cssproperty --api-link-auth-backdrop - Default rgb(0 0 0 / .5).
 * @cssproperty --api-link-auth-radius - Corner radius. Default 6px.
 * @cssproperty --api-link-auth-color-focus - The focus ring. Default #1a73e8.
 */
export class ApiLinkAuthEmbed extends HTMLElement {
  #dialog: HTMLDialogElement;
  #frame: HTMLIFrameElement;
  #close: HTMLButtonElement;
  #origin = '';
  #opener: HTMLElement | null = null;
  /** The bank's window that may speak: the frame's, or the popup. */
  #source: Window | null = null;
  #popup: Window | null = null;
  #watch?: ReturnType<typeof setInterval>;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.append(template.content.cloneNode(true));
    this.#dialog = root.querySelector('dialog')!;
    this.#frame = root.querySelector('iframe')!;
    this.#close = root.querySelector('button')!;
    this.#close.addEventListener('click', () => this.#cancel());
    this.#dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      this.#cancel();
    });
  }

  /** The bank's origin, e.g. https://bank.example. */
  get server(): string {
    return this.getAttribute('server') ?? '';
  }

  /** `modal` (default), `popup` or `redirect`. */
  get mode(): string {
    return this.getAttribute('mode') ?? 'modal';
  }

  /** Opens the bank's `/authorize` page for `client-id` and `request-uri`, as `mode` says. */
  open(): void {
    if (this.#source) return;
    const server = new URL(this.server);
    this.#origin = server.origin;
    const english = /^en\b/i.test(this.closest<HTMLElement>('[lang]')?.lang ?? '');
    const title = english ? 'API connection authorization' : 'API連携認証';
    this.#dialog.setAttribute('aria-label', title);
    this.#frame.title = title;
    this.#close.setAttribute('aria-label', english ? 'Close' : '閉じる');
    const query = new URLSearchParams({
      client_id: this.getAttribute('client-id') ?? '',
      request_uri: this.getAttribute('request-uri') ?? '',
    });
    // The bank's page speaks the partner page's language (OpenID Connect's ui_locales).
    if (english) query.set('ui_locales', 'en');
    const url = new URL(`/authorize?${query}`, server).href;
    if (this.mode === 'redirect') return location.assign(url);
    this.#opener = deepActiveElement();
    if (this.mode === 'popup') return this.#openPopup(url);
    this.#frame.src = url;
    this.#source = this.#frame.contentWindow;
    addEventListener('message', this.#handleMessage);
    this.#dialog.showModal();
    // The frame, not the dialog, takes focus (its autofocus is not honoured by every engine), so
    // the customer's first key press goes to the bank's page. The page focuses its first heading
    // itself; WebKit refuses that until the customer has interacted with the cross-origin frame
    // (https://bugs.webkit.org/show_bug.cgi?id=294296).
    this.#frame.focus();
  }

  /**
   * A window of its own: its opener (this page) gets the results. A browser that blocks it gives
   * no window: the partner hears `popup_blocked` and may fall back to `redirect`. Whether the
   * customer closed it can only be polled: a cross-origin window fires no event this page hears.
   */
  #openPopup(url: string) {
    let popup: Window | null = null;
    try {
      popup = open(url, 'api-link-auth', 'popup,width=520,height=760');
    } catch {
      // Firefox throws where others answer null (e.g. in a frame sandboxed without allow-popups).
    }
    if (!popup) {
      this.dispatchEvent(new ApiLinkAuthErrorEvent({ code: 'popup_blocked' }));
      return;
    }
    this.#popup = this.#source = popup;
    addEventListener('message', this.#handleMessage);
    this.#watch = setInterval(() => popup.closed && this.#cancel(), 500);
  }

  /** Closes the modal or the popup without an event (the partner asked for it). */
  close(): void {
    if (!this.#source) return;
    this.#dialog.close();
    this.#frame.src = 'about:blank';
    removeEventListener('message', this.#handleMessage);
    clearInterval(this.#watch);
    this.#popup?.close();
    this.#popup = this.#source = null;
    this.#opener?.focus();
  }

  #cancel() {
    this.close();
    this.dispatchEvent(new ApiLinkAuthCancelEvent({ reason: 'closed' }));
  }

  /** Only the bank's origin AND the frame or popup this element opened may speak. */
  #handleMessage = (event: MessageEvent) => {
    if (event.origin !== this.#origin || event.source !== this.#source) return;
    const message = event.data as Partial<WidgetMessage> | null;
    if (message?.source !== messageSource || message.version !== messageVersion) return;
    // Rebuild each detail from known string fields: nothing else from the frame passes through.
    const detail = (message.detail ?? {}) as Record<string, unknown>;
    const text = (name: string) => {
      const value = detail[name];
      return typeof value === 'string' ? value : '';
    };
    const response = { state: text('state'), iss: text('iss') };
    switch (message.type) {
      case 'ready':
        return this.dispatchEvent(new ApiLinkAuthReadyEvent());
      case 'step':
        return this.dispatchEvent(new ApiLinkAuthStepEvent({ view: text('view') as FlowViewName }));
      case 'complete':
        this.close();
        return this.dispatchEvent(
          new ApiLinkAuthCompleteEvent({ code: text('code'), ...response }),
        );
      case 'cancel': {
        const reason = text('reason');
        if (reason !== 'denied' && reason !== 'cancelled') return this.#cancel();
        this.close();
        return this.dispatchEvent(new ApiLinkAuthCancelEvent({ reason, ...response }));
      }
      case 'error': {
        this.close();
        const ending = text('error')
          ? { error: text('error'), error_description: text('error_description'), ...response }
          : {};
        return this.dispatchEvent(new ApiLinkAuthErrorEvent({ code: text('code'), ...ending }));
      }
    }
  };
}

/** The focused element, through open shadow roots: focus goes back there on close. */
function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active as HTMLElement | null;
}

if (!customElements.get('api-link-auth')) customElements.define('api-link-auth', ApiLinkAuthEmbed);

declare global {
  interface HTMLElementTagNameMap {
    'api-link-auth': ApiLinkAuthEmbed;
  }
}
