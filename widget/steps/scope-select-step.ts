import { msg } from '@lit/localize';
import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { FlowView } from '../../server/flow/types.js';
import { FlowStep } from './flow-step.js';

type ScopeSelectView = Extract<FlowView, { name: 'scope-select' }>;

/** Step 3: 認可業務選択, the services the partner may use; at least one. */
@customElement('api-link-auth-scope-select')
export class ScopeSelectStep extends FlowStep<ScopeSelectView> {
  @state() private chosen: string[] = [];

  private handleChange() {
    this.chosen = [...this.querySelectorAll<HTMLInputElement>('input:checked')].map(
      (box) => box.value,
    );
  }

  private handleSubmit(event: SubmitEvent) {
    event.preventDefault();
    this.act('/flow/scopes', { scopes: this.chosen });
  }

  override render() {
    const invalid = this.problemIs('scope_required', 'invalid_scope');
    return html`${this.renderHeading(msg('認可業務選択', { id: 'scopeSelect.heading' }))}
      <p>
        ${msg('API連携先にて利用する業務を選択し、「次へ」ボタンを押してください。', { id: 'scopeSelect.hint' })}
      </p>
      <form @submit=${this.handleSubmit} @change=${this.handleChange}>
        <fieldset aria-describedby=${invalid ? 'problem' : nothing}>
          <legend>${msg('利用業務を選択', { id: 'scopeSelect.legend' })}</legend>
          ${this.view.scopes.map(
            (scope) =>
              html`<label class="check"
                ><input
                  type="checkbox"
                  name="scope"
                  value=${scope.name}
                />${this.text(scope.label)}</label
              >`,
          )}
        </fieldset>
        <div class="actions">
          ${this.renderButton(msg('次へ', { id: 'scopeSelect.submit' }), { disabled: !this.chosen.length })}
        </div>
      </form>`;
  }
}
