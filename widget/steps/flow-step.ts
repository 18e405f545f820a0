import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { FlowView, LocalizedText } from '../../server/flow/types.js';
import type { ManageView } from '../../server/manage/types.js';
import type { FlowProblem, FlowRequests, FlowRoute } from '../flow-client.js';
import type { Locale } from '../localization.js';

/** What the customer did on a step. Internal: it stays inside the hosted element's shadow root. */
export class FlowActionEvent<R extends FlowRoute = FlowRoute> extends Event {
  constructor(
    readonly route: R,
    readonly body: FlowRequests[R],
  ) {
    super('flow-action', { bubbles: true });
  }
}

/**
 * A step renders one view into the hosted element's shadow root (no shadow root of its own, so
 * one stylesheet, one set of parts and ARIA id references reach across) and reports what the
 * customer entered. It never decides what comes next.
 */
export abstract class FlowStep<V extends FlowView | ManageView = FlowView> extends LitElement {
  @property({ attribute: false }) view!: V;
  @property({ attribute: false }) problem?: FlowProblem;
  @property({ attribute: false }) locale!: Locale;
  @property({ attribute: false }) busy = false;
  /**
   * The origin of the partner page framing this one, as the bank's server rendered it (the
   * request's registered embedding origin, the only one its `frame-ancestors` allows); empty when
   * the page is not framed.
   */
  @property({ attribute: false }) framedBy = '';

  protected override createRenderRoot() {
    return this;
  }

  /**
   * Not before it has a view. The /authorize page's server-rendered first step holds this element's
   * tag, so the element is upgraded there with no view when its module runs: it leaves that markup
   * alone until the hosted element replaces it (widget/server-rendered.ts).
   */
  protected override shouldUpdate(changed: PropertyValues): boolean {
    return super.shouldUpdate(changed) && this.view !== undefined;
  }

  /** After an error the customer retypes secrets; everything else they typed stays. */
  clearSecrets(): void {
    for (const input of this.querySelectorAll<HTMLInputElement>('input[type=password]')) {
      input.value = '';
    }
  }

  protected act<R extends FlowRoute>(route: R, body: FlowRequests[R]): void {
    if (!this.busy) this.dispatchEvent(new FlowActionEvent(route, body));
  }

  protected text(value: LocalizedText): string {
    return value[this.locale];
  }

  /** Whether the current problem is about this step's fields (their own codes). */
  protected problemIs(...codes: string[]): boolean {
    return codes.includes(this.problem?.code ?? '');
  }

  protected renderHeading(text: string) {
    return html`<h2 part="heading" tabindex="-1">${text}</h2>`;
  }

  protected renderField(
    name: string,
    label: string,
    type: 'text' | 'password',
    autocomplete: string,
    invalid: boolean,
    describedBy = '',
  ) {
    return html`<div class="field">
      <label for=${name}>${label}</label>
      <input
        part="input"
        id=${name}
        name=${name}
        type=${type}
        autocomplete=${autocomplete}
        required
        aria-invalid=${invalid ? 'true' : nothing}
        aria-describedby=${[describedBy, this.problem ? 'problem' : ''].join(' ').trim() || nothing}
      />
    </div>`;
  }

  protected renderButton(
    label: string,
    {
      primary = true,
      disabled = false,
      onClick,
    }: { primary?: boolean; disabled?: boolean; onClick?: () => void } = {},
  ) {
    return html`<button
      part=${primary ? 'button primary' : 'button secondary'}
      type=${onClick ? 'button' : 'submit'}
      ?disabled=${disabled}
      aria-busy=${this.busy}
      @click=${onClick}
    >
      ${label}
    </button>`;
  }
}
