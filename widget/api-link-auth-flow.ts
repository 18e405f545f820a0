import { msg } from '@lit/localize';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { FlowOutcome, FlowView, FlowViewName } from '../server/flow/types.js';
import { callbackUrl } from './callback-url.js';
import {
  ApiLinkAuthCancelEvent,
  ApiLinkAuthCompleteEvent,
  ApiLinkAuthErrorEvent,
  ApiLinkAuthReadyEvent,
  ApiLinkAuthStepEvent,
} from './events.js';
import { FlowClient, FlowError, type FlowProblem } from './flow-client.js';
import { getLocale, localeOf, setLocale, type Locale } from './localization.js';
import { messageSource, messageVersion, type WidgetEvent } from './message.js';
import { endingCodes, problemMessage } from './problem-message.js';
import {
  pressAgain,
  restoreTyped,
  takeServerRendered,
  type TypedBefore,
} from './server-rendered.js';
import type { FlowActionEvent, FlowStep } from './steps/flow-step.js';
import { LoginStep } from './steps/login-step.js';
import { widgetStyles } from './styles.js';

export * from './events.js';

type StepView = Exclude<FlowView, { name: 'complete' }>;

/**
 * Which element renders each view the server names: the login step is in the first chunk, the
 * others arrive with `loadLaterSteps`.
 */
const stepElements: Partial<Record<StepView['name'], new () => FlowStep>> = { login: LoginStep };

/**
 * The steps after login, a chunk of their own that the element fetches once the first step shows,
 * so it is there before the customer has finished typing. A chunk that cannot be fetched is a
 * network failure the customer can retry.
 */
function loadLaterSteps(): Promise<void> {
  return import('./later-steps.js').then(
    ({ laterSteps }) => void Object.assign(stepElements, laterSteps),
    () => {
      throw new FlowError({ code: 'network_error' });
    },
  );
}

/** What /authorize embeds in the hosted page (server/routes/hosted-page.ts). */
interface EmbeddedStart {
  transaction: string;
  view: FlowView;
}

/** The step indicator's stages; steps 2–5 may be skipped by the server. */
const stages: FlowViewName[][] = [
  ['login', 'additional-auth'],
  ['scope-select'],
  ['pin-register', 'pin-result'],
  ['consent'],
];

/**
 * The bank-hosted `<api-link-auth-flow>`, API連携認証（利用登録）: takes over the transaction the
 * bank's /authorize page opened for it (a `<script type="application/json">` child), or starts one
 * from `client-id` and `request-uri`; renders each view the bank's flow API names, sends what the
 * customer entered and delivers the result to the partner, by redirect (top-level page) or by
 * `postMessage` to `partner-origin` (when framed by the partner's `<api-link-auth>`).
 *
 * @summary Bank-hosted authorization of a partner's access to the customer's accounts.
 *
 * @slot logo - The bank's logo, shown in the header.
 *
 * @event api-link-auth-ready - The first step is shown.
 * @event api-link-auth-step - A new step is shown; `detail.view` names it.
 * @event api-link-auth-complete - The customer allowed; `detail` is `{code, state, iss}`. Cancelable: `preventDefault()` stops the redirect or message.
 * @event api-link-auth-cancel - The customer denied (`detail.reason` 'denied', with `state`, `iss`). Cancelable like complete.
 * @event api-link-auth-error - The flow cannot continue and the customer chose to start over; `detail.code`.
 *
 * @csspart container - The box around everything.
 * @csspart header - The logo and title bar.
 * @csspart progress - The step indicator (an `<ol>`).
 * @csspart heading - Each step's `<h2>`.
 * @csspart error - The error message box.
 * @csspart input - Text, password and PIN fields.
 * @csspart button - Every button; also `primary` or `secondary`.
 * @csspart primary - The main action of a step.
 * @csspart secondary - Other actions.
 * @csspart table - The account tables.
 *
 * @cssproperty --api-link-auth-color-primary - Buttons, links, the header rule. Default #00508f.
 * @cssproperty --api-link-auth-color-on-primary - Text on primary buttons. Default #fff.
 * @cssproperty --api-link-auth-color-text - Body text. Default #1b2430.
 * @cssproperty --api-link-auth-color-muted - Secondary text. Default #4a5561.
 * @cssproperty --api-link-auth-color-surface - Background. Default #fff.
 * @cssproperty --api-link-auth-color-subtle - Table headers. Default #eef2f6.
 * @cssproperty --api-link-auth-color-border - Field and table borders. Default #8a96a3.
 * @cssproperty --api-link-auth-color-error - Error accents. Default #a4251c.
 * @cssproperty --api-link-auth-color-focus - The focus ring. Default #1a73e8.
 * @cssproperty --api-link-auth-radius - Corner radius. Default 6px.
 * @cssproperty --api-link-auth-font-family - The font stack.
 * @cssproperty --api-link-auth-max-width - Width of the content. Default 42rem.
 */
@customElement('api-link-auth-flow')
export class ApiLinkAuthFlow extends LitElement {
  static override styles = widgetStyles;

  private readonly client = new FlowClient();
  private step?: FlowStep;
  private ready = false;
  /** The engine refused to focus the heading (see `focusHeading`): the first Tab goes there. */
  private headingFocusRefused = false;
  /** The transaction the /authorize page opened for this element, if it did (`takeEmbeddedStart`). */
  private embeddedStart?: EmbeddedStart;
  /** The language being loaded, if one is (`followLanguage`). */
  private localeSwitch: Promise<void> = Promise.resolve();
  /**
   * The page showed the first step as server-rendered markup in this element's declarative shadow
   * root (the bank's /authorize page): it stays until the element can render that step itself.
   */
  private serverRendered = false;
  /** What the customer did on that markup, taken with it, put back once the step is rendered. */
  private typedBefore?: TypedBefore;
  /** A press on that markup, made again once the first step is shown and the element idle. */
  private pressBefore?: TypedBefore;
  private begun = false;

  @query('[part~=error]') private errorBox?: HTMLElement;
  @query('h2') private heading?: HTMLElement;

  @state() private view?: FlowView;
  @state() private problem?: FlowProblem;
  @state() private busy = false;
  @state() private locale = getLocale() as Locale;
  @state() private manager?: HTMLElement & { locale: Locale };

  /** The partner's `client_id`, to start a transaction when the page did not embed one. */
  @property({ attribute: 'client-id' }) clientId = '';

  /** The `request_uri` from the partner's pushed authorization request (RFC 9126), likewise. */
  @property({ attribute: 'request-uri' }) requestUri = '';

  /** The partner's registered origin: the only one results are posted to when framed. */
  @property({ attribute: 'partner-origin' }) partnerOrigin = '';

  /**
   * `manage`: 連携サービス一覧 (the bank's /connections page), where the customer logs in and sees
   * or revokes their linked services, instead of an authorization. Loaded on demand.
   */
  @property() mode: 'authorize' | 'manage' = 'authorize';

  /** Follows the `lang` attribute (else the page's): 'en…' shows English, anything else Japanese. */
  @property({ attribute: 'lang' }) language = '';

  private get framed(): boolean {
    return window.parent !== window;
  }

  /** The partner's page: the one framing this one, or the one that opened it as a popup. */
  private get partnerWindow(): Window | null {
    return this.framed ? window.parent : (window.opener as Window | null);
  }

  override connectedCallback() {
    super.connectedCallback();
    addEventListener('keydown', this.handleKeydown);
    this.embeddedStart ??= this.takeEmbeddedStart();
    if (this.embeddedStart) this.client.resume(this.embeddedStart.transaction);
    if (this.embeddedStart && !this.hasUpdated && this.shadowRoot?.querySelector('h2')) {
      // Nothing renders over the markup before the first view can (`shouldUpdate`), so the
      // element begins here rather than after a first render.
      this.serverRendered = true;
      this.begin();
    }
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    removeEventListener('keydown', this.handleKeydown);
  }

  /** The loading placeholder would replace the server-rendered step: no render until the view. */
  protected override shouldUpdate(changed: PropertyValues): boolean {
    return super.shouldUpdate(changed) && !(this.serverRendered && !this.view);
  }

  protected override willUpdate() {
    this.followLanguage();
    this.updateStep();
    if (this.manager) this.manager.locale = this.locale;
  }

  /** Swaps the server-rendered markup for the element's own render, in the same task. */
  protected override update(changed: PropertyValues) {
    if (this.serverRendered) {
      this.serverRendered = false;
      this.typedBefore = takeServerRendered(this.shadowRoot!);
      // LitElement renders before whatever the root held first: that markup, now gone.
      this.renderOptions.renderBefore = null;
    }
    super.update(changed);
  }

  private followLanguage() {
    const wanted = localeOf(this.closest<HTMLElement>('[lang]')?.lang ?? '');
    if (wanted !== this.locale) {
      this.localeSwitch = setLocale(wanted).then(
        () => void (this.locale = getLocale() as Locale),
        () => {},
      );
    }
  }

  protected override firstUpdated() {
    this.begin();
  }

  /** Once: shows the embedded first view, or starts a transaction, or loads 連携サービス一覧. */
  private begin() {
    if (this.begun) return;
    this.begun = true;
    if (this.mode === 'manage') {
      // A separate chunk, so the authorization page's bundle stays within its budget.
      void import('./connections-manager.js').then(
        ({ ConnectionsManager }) => (this.manager = new ConnectionsManager()),
      );
    } else if (this.embeddedStart) {
      // No request: the first step is in the page. In English once English is loaded, so the
      // customer neither sees nor hears the Japanese heading first.
      const { view } = this.embeddedStart;
      this.followLanguage();
      // Once idle and rendered so (a step ignores a press while busy), a press the customer made
      // on the server-rendered step is made again.
      void this.run(() => this.localeSwitch.then(() => view))
        .then(() => this.updateComplete)
        .then(() => {
          const typed = this.pressBefore;
          this.pressBefore = undefined;
          if (typed) pressAgain(this.shadowRoot!, typed);
        });
    } else {
      void this.run(() => this.client.start(this.clientId, this.requestUri));
    }
  }

  /**
   * The transaction the bank's /authorize page opened for this element: a
   * `<script type="application/json">` child holding the handle and the first view. Removed as it
   * is read, so the handle stays in this element's memory alone (README, "Security model").
   */
  private takeEmbeddedStart(): EmbeddedStart | undefined {
    const block = this.querySelector(':scope > script[type="application/json"]');
    if (!block) return undefined;
    block.remove();
    try {
      const start = JSON.parse(block.textContent ?? '') as Partial<EmbeddedStart>;
      return typeof start.transaction === 'string' && start.view
        ? (start as EmbeddedStart)
        : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Escape in the framed page asks the partner's modal to close, as it would outside the frame;
   * the first Tab goes to the heading when the engine refused to focus it (`focusHeading`).
   */
  private handleKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && this.framed)
      this.post({ type: 'cancel', detail: { reason: 'closed' } });
    const refused = this.headingFocusRefused;
    this.headingFocusRefused = false;
    if (refused && event.key === 'Tab' && !event.shiftKey && !this.shadowRoot?.activeElement) {
      event.preventDefault();
      this.heading?.focus();
    }
  };

  private handleAction(event: FlowActionEvent) {
    void this.run(() => this.client.send(event.route, event.body));
  }

  private handleRetry() {
    void this.run(
      () =>
        this.client.started
          ? this.client.current()
          : this.client.start(this.clientId, this.requestUri),
      true,
    );
  }

  /**
   * The customer read that the flow ended and chose to start over (or go back). The partner gets
   * the error response the bank ended the flow with, when it did.
   */
  private handleStartOver() {
    const { code, outcome } = this.problem!;
    const { error, error_description, state, iss } = outcome?.params ?? {};
    const detail = outcome ? { code, error, error_description, state, iss } : { code };
    this.dispatchEvent(new ApiLinkAuthErrorEvent(detail));
    this.post({ type: 'error', detail });
  }

  /** 「連携先に戻る」: the customer gives up; the bank ends the flow and tells the partner. */
  private handleGiveUp() {
    void this.run(() => this.client.send('/flow/cancel', {}));
  }

  private handleLanguage() {
    this.lang = this.locale === 'ja' ? 'en' : 'ja';
  }

  /** One request at a time: a second press while one is in flight does nothing. */
  private async run(request: () => Promise<FlowView>, resync = false) {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.show(await request(), resync);
    } catch (error) {
      await this.fail(error);
    } finally {
      this.busy = false;
    }
  }

  private async show(view: FlowView, resync: boolean) {
    if (view.name !== 'complete' && !stepElements[view.name]) await loadLaterSteps();
    const moved = !resync || view.name !== this.view?.name;
    this.view = view;
    this.problem = undefined;
    await this.updateComplete;
    await this.step?.updateComplete;
    const typed = this.typedBefore;
    this.typedBefore = undefined;
    this.pressBefore = typed;
    // A field the customer had moved to on the server-rendered step keeps focus.
    if (!typed || !restoreTyped(this.shadowRoot!, typed)) this.focusHeading();
    if (!moved) return;
    if (!this.ready) {
      this.ready = true;
      this.dispatchEvent(new ApiLinkAuthReadyEvent());
      this.post({ type: 'ready', detail: {} });
      loadLaterSteps().catch(() => {});
    }
    this.dispatchEvent(new ApiLinkAuthStepEvent({ view: view.name }));
    this.post({ type: 'step', detail: { view: view.name } });
    if (view.name === 'complete') this.deliver(view.outcome);
  }

  /**
   * WebKit refuses a script's focus() in a cross-origin frame the customer has not interacted with
   * yet (https://bugs.webkit.org/show_bug.cgi?id=294296), even when the partner's modal gave the
   * frame focus: then the customer's first Tab, a user action, lands on the heading.
   */
  private focusHeading() {
    this.heading?.focus();
    this.headingFocusRefused =
      this.framed && this.heading !== undefined && this.shadowRoot?.activeElement !== this.heading;
  }

  private async fail(error: unknown) {
    const problem: FlowProblem =
      error instanceof FlowError ? error.problem : { code: 'server_error' };
    if (problem.code === 'step_not_allowed') {
      // The server is elsewhere (e.g. it took a request whose answer was lost): show where.
      await this.client.current().then(
        (view) => this.show(view, true),
        () => {},
      );
    }
    this.problem = problem;
    this.step?.clearSecrets();
    await this.updateComplete;
    this.errorBox?.focus();
  }

  private deliver(outcome: FlowOutcome) {
    const { code, state, iss } = outcome.params;
    const reason = outcome.params.error_description === 'cancelled' ? 'cancelled' : 'denied';
    const message: Extract<WidgetEvent, { type: 'complete' | 'cancel' }> = code
      ? { type: 'complete', detail: { code, state, iss } }
      : { type: 'cancel', detail: { reason, state, iss } };
    const event =
      message.type === 'complete'
        ? new ApiLinkAuthCompleteEvent(message.detail)
        : new ApiLinkAuthCancelEvent(message.detail);
    if (!this.dispatchEvent(event)) return;
    if (outcome.responseMode === 'web_message') this.post(message);
    else window.top!.location.href = callbackUrl(outcome);
  }

  /**
   * Only to the partner's registered origin, and only to the page framing this one or, in a popup,
   * its opener (README, "Security model"): a window of any other origin there gets nothing.
   */
  private post(message: WidgetEvent) {
    const partner = this.partnerWindow;
    if (!partner || !this.partnerOrigin) return;
    partner.postMessage(
      { source: messageSource, version: messageVersion, ...message },
      this.partnerOrigin,
    );
  }

  /** The same element stays while the server names the same view, so what was typed stays too. */
  private updateStep() {
    const view = this.view;
    if (!view || view.name === 'complete') {
      this.step = undefined;
      return;
    }
    const Step = stepElements[view.name]!;
    if (!(this.step instanceof Step)) this.step = new Step();
    const framedBy = this.framed ? this.partnerOrigin : '';
    Object.assign(this.step, {
      view,
      problem: this.problem,
      locale: this.locale,
      busy: this.busy,
      framedBy,
    });
  }

  override render() {
    // A problem that carries the partner's callback ended the flow, whatever its code.
    const ended =
      this.problem !== undefined &&
      (this.problem.outcome !== undefined || endingCodes.includes(this.problem.code));
    return html`<div part="container" lang=${this.locale}>
      <header part="header">
        <slot name="logo"></slot>
        <p>
          ${
            this.mode === 'manage'
              ? msg('連携サービス一覧', { id: 'connections.heading' })
              : msg('API連携認証（利用登録）', { id: 'title' })
          }
        </p>
        <button
          part="button secondary"
          type="button"
          lang=${this.locale === 'ja' ? 'en' : 'ja'}
          @click=${this.handleLanguage}
        >
          ${msg('English', { id: 'language.other' })}
        </button>
      </header>
      ${
        this.mode === 'manage'
          ? (this.manager ?? this.renderView())
          : html`${this.renderProgress()}
              <div role="alert">${this.problem ? this.renderProblem(ended) : nothing}</div>
              ${ended ? nothing : this.renderView()}`
      }
    </div>`;
  }

  private renderProgress() {
    const labels = [
      msg('ログイン', { id: 'progress.login' }),
      msg('認可業務選択', { id: 'progress.scopes' }),
      msg('照会用暗証番号', { id: 'progress.pins' }),
      msg('情報アクセス許可', { id: 'progress.consent' }),
    ];
    const name = this.view?.name;
    const current =
      name === 'complete' ? labels.length : stages.findIndex((stage) => stage.includes(name!));
    return html`<ol part="progress" aria-label=${msg('手順', { id: 'progress.label' })}>
      ${labels.map((label, index) => html`<li aria-current=${index === current ? 'step' : nothing}>${label}</li>`)}
    </ol>`;
  }

  private renderProblem(ended: boolean) {
    return html`<div part="error" tabindex="-1">
      <p id="problem">${problemMessage(this.problem!, this.locale)}</p>
      ${
        this.problem!.code === 'network_error'
          ? html`<div class="actions">
              <button
                part="button primary"
                type="button"
                aria-busy=${this.busy}
                @click=${this.handleRetry}
              >
                ${msg('再試行', { id: 'error.retry' })}
              </button>
            </div>`
          : nothing
      }
      ${ended ? this.renderStartOver() : this.renderGiveUp()}
    </div>`;
  }

  /** On an error the customer may not get past, a way back to the partner that tells it so. */
  private renderGiveUp() {
    if (!this.client.started || this.view?.name === 'complete') return nothing;
    return html`<div class="actions">
      <button part="button secondary" type="button" @click=${this.handleGiveUp}>
        ${msg('連携先に戻る', { id: 'error.giveUp' })}
      </button>
    </div>`;
  }

  /** Embedded or a popup: tell the partner, which starts a new request. Redirect: a link back to it. */
  private renderStartOver() {
    if (this.partnerWindow) {
      return html`<div class="actions">
        <button part="button primary" type="button" @click=${this.handleStartOver}>
          ${msg('最初からやり直す', { id: 'error.startOver' })}
        </button>
      </div>`;
    }
    // With the bank's ending, back to the partner's callback; without one, to its site.
    const outcome = this.problem?.outcome;
    const href =
      outcome?.responseMode === 'query' ? callbackUrl(outcome) : this.partnerOrigin || undefined;
    return href
      ? html`<p>
          <a href=${href} @click=${this.handleStartOver}
            >${msg('API連携先の画面に戻る', { id: 'error.back' })}</a
          >
        </p>`
      : nothing;
  }

  private renderView() {
    const view = this.view;
    if (!view) return html`<p role="status">${msg('読み込み中…', { id: 'loading' })}</p>`;
    if (view.name === 'complete') {
      return html`<h2 part="heading" tabindex="-1">
        ${msg('遷移元のAPI連携先画面に遷移します。', { id: 'complete.heading' })}
      </h2>`;
    }
    return html`<div @flow-action=${this.handleAction}>${this.step}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'api-link-auth-flow': ApiLinkAuthFlow;
  }
}
