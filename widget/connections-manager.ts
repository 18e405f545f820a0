import { msg, str } from '@lit/localize';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { FlowRoute } from './flow-client.js';
import type { LocalizedText } from '../server/flow/types.js';
import type { ManageView } from '../server/manage/types.js';
import { FlowError, type FlowProblem } from './flow-client.js';
import type { Locale } from './localization.js';
import { ManageClient, type ManageRoute } from './manage-client.js';
import { problemMessage } from './problem-message.js';
import { AdditionalAuthStep } from './steps/additional-auth-step.js';
import {
  ConnectionsStep,
  type ConsentRecordEvent,
  type OpenConsentRecords,
  type RevokeGrantEvent,
} from './steps/connections-step.js';
import type { FlowActionEvent, FlowStep } from './steps/flow-step.js';
import { ManageLoginStep } from './steps/manage-login-step.js';

/** Which element renders each view of the management API. */
const stepElements: Record<ManageView['name'], new () => FlowStep<ManageView>> = {
  login: ManageLoginStep,
  'additional-auth': AdditionalAuthStep,
  connections: ConnectionsStep,
};

/** The reused login and question steps report flow routes; these are their manage equivalents. */
const manageRoutes: Partial<Record<FlowRoute, ManageRoute>> = {
  '/flow/certificate': '/manage/certificate',
  '/flow/login': '/manage/login',
  '/flow/answer': '/manage/answer',
};

/** Codes after which the session is gone: the customer logs in again. */
const sessionEndingCodes = ['transaction_not_found', 'transaction_expired', 'transaction_ended'];

/** Only the list's own styles; everything else is the hosted element's stylesheet. */
const connectionStyles = css`
  ul.connections {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  ul.connections > li {
    margin: 0 0 1rem;
    padding: 0.5rem 1rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  ul.connections dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25rem 1rem;
    margin: 0.5rem 0;
  }
  ul.connections dd {
    margin: 0;
  }
  .expiring {
    display: inline-block;
    margin: 0;
    padding: 0 0.5rem;
    border-left: 4px solid var(--_error);
    background: #fdeceb;
    color: #7d1b14;
    font-weight: 700;
  }
  .notice {
    margin: 1rem 0;
    padding: 0.5rem 1rem;
    border-left: 4px solid var(--_primary);
    background: var(--_subtle);
  }
  ul.connections h3 {
    margin-top: 0.5rem;
  }
  .consent-record {
    margin: 0.5rem 0 1rem;
    padding: 0.5rem 1rem;
    border-left: 4px solid var(--_primary);
    background: var(--_subtle);
  }
  .consent-record h5 {
    margin: 1rem 0 0.25rem;
    font-size: 1rem;
  }
  .consent-record dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25rem 1rem;
  }
  .consent-record dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .confirmation {
    margin: 1rem 0;
    padding: 0.5rem 1rem;
    background: var(--_subtle);
  }
`;

/**
 * The manage mode of `<api-link-auth-flow>` (連携サービス一覧, /connections), loaded only there:
 * the flow's login and question steps against the management API, then the customer's list.
 * Renders into the hosted element's shadow root, as steps do, and adds its few styles to it.
 */
@customElement('api-link-auth-connections-manager')
export class ConnectionsManager extends LitElement {
  private readonly client = new ManageClient();
  private step?: FlowStep<ManageView>;

  @query('[part~=error]') private errorBox?: HTMLElement;
  @query('h2') private heading?: HTMLElement;

  @state() private view?: ManageView;
  @state() private problem?: FlowProblem;
  @state() private busy = false;
  /** The service the last 「解除する」 disconnected, announced politely in either language. */
  @state() private disconnected?: LocalizedText;
  /** The 同意記録 open under one grant, as loaded from the bank. */
  @state() private consentRecords?: OpenConsentRecords;

  @property({ attribute: false }) locale!: Locale;

  protected override createRenderRoot() {
    return this;
  }

  override connectedCallback() {
    super.connectedCallback();
    const root = this.getRootNode();
    if (
      root instanceof ShadowRoot &&
      !root.adoptedStyleSheets.includes(connectionStyles.styleSheet!)
    ) {
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, connectionStyles.styleSheet!];
    }
  }

  protected override willUpdate() {
    const view = this.view;
    if (!view) return;
    const Step = stepElements[view.name];
    if (!(this.step instanceof Step)) this.step = new Step();
    Object.assign(this.step, { view, problem: this.problem, locale: this.locale, busy: this.busy });
    if (this.step instanceof ConnectionsStep) this.step.consentRecords = this.consentRecords;
  }

  protected override firstUpdated() {
    void this.run(() => this.client.start());
  }

  private handleAction(event: FlowActionEvent) {
    const route = manageRoutes[event.route];
    if (route) void this.run(() => this.client.send(route, event.body as never));
  }

  private handleRevoke(event: RevokeGrantEvent) {
    const { grant } = event;
    void this.run(async () => {
      const view = await this.client.send(`/manage/grants/${grant.grantId}/revoke`, {});
      this.disconnected = grant.service;
      return view;
    });
  }

  /** 「同意記録」: loads the grant's signed records, or closes those open. */
  private async handleConsentRecord(event: ConsentRecordEvent) {
    const { grantId } = event;
    if (this.busy) return;
    if (!grantId) {
      this.consentRecords = undefined;
      return;
    }
    this.busy = true;
    try {
      this.consentRecords = { grantId, records: await this.client.consentRecords(grantId) };
      this.problem = undefined;
    } catch (error) {
      await this.fail(error);
    } finally {
      this.busy = false;
    }
  }

  private handleRetry() {
    void this.run(() => (this.client.started ? this.client.current() : this.client.start()));
  }

  private handleLogInAgain() {
    void this.run(() => this.client.start());
  }

  /** One request at a time: a second press while one is in flight does nothing. */
  private async run(request: () => Promise<ManageView>) {
    if (this.busy) return;
    this.busy = true;
    this.disconnected = undefined;
    try {
      await this.show(await request());
    } catch (error) {
      await this.fail(error);
    } finally {
      this.busy = false;
    }
  }

  private async show(view: ManageView) {
    this.view = view;
    this.consentRecords = undefined;
    this.problem = undefined;
    await this.updateComplete;
    await this.step?.updateComplete;
    this.heading?.focus();
  }

  private async fail(error: unknown) {
    const problem: FlowProblem =
      error instanceof FlowError ? error.problem : { code: 'server_error' };
    if (problem.code === 'step_not_allowed' || problem.code === 'grant_not_found') {
      // The session or the list moved on (e.g. revoked elsewhere): show where it is now.
      await this.client.current().then(
        (view) => this.show(view),
        () => {},
      );
    }
    this.problem = problem;
    this.step?.clearSecrets();
    await this.updateComplete;
    this.errorBox?.focus();
  }

  override render() {
    const ended = this.problem !== undefined && sessionEndingCodes.includes(this.problem.code);
    return html`<div role="alert">${this.problem ? this.renderProblem(ended) : nothing}</div>
      <div role="status">${this.renderNotice()}</div>
      ${
        ended
          ? nothing
          : this.view
            ? html`<div
                @flow-action=${this.handleAction}
                @revoke-grant=${this.handleRevoke}
                @consent-record=${this.handleConsentRecord}
              >
                ${this.step}
              </div>`
            : html`<p>${msg('読み込み中…', { id: 'loading' })}</p>`
      }`;
  }

  private renderNotice() {
    if (!this.disconnected) return nothing;
    const service = this.disconnected[this.locale];
    return html`<p class="notice">
      ${msg(str`${service}との連携を解除しました。`, { id: 'connections.revokedNotice' })}
    </p>`;
  }

  private renderProblem(ended: boolean) {
    const retry = this.problem!.code === 'network_error';
    return html`<div part="error" tabindex="-1">
      <p id="problem">${problemMessage(this.problem!, this.locale)}</p>
      ${
        retry || ended
          ? html`<div class="actions">
              <button
                part="button primary"
                type="button"
                aria-busy=${this.busy}
                @click=${retry ? this.handleRetry : this.handleLogInAgain}
              >
                ${
                  retry
                    ? msg('再試行', { id: 'error.retry' })
                    : msg('もう一度ログインする', { id: 'connections.logInAgain' })
                }
              </button>
            </div>`
          : nothing
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'api-link-auth-connections-manager': ConnectionsManager;
  }
}
