import { msg } from '@lit/localize';
import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import type { FlowView } from '../../server/flow/types.js';
import { FlowStep } from './flow-step.js';
import { formText } from './form-text.js';

type AdditionalAuthView = Extract<FlowView, { name: 'additional-auth' }>;

/** Step 2: リスクベース追加認証, a secret question. */
@customElement('api-link-auth-additional-auth')
export class AdditionalAuthStep extends FlowStep<AdditionalAuthView> {
  private handleSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    this.act('/flow/answer', { answer: formText(form, 'answer') });
  }

  override render() {
    return html`${this.renderHeading(msg('追加認証', { id: 'additionalAuth.heading' }))}
      <p>${msg('回答を入力し、「認証」ボタンを押してください。', { id: 'additionalAuth.hint' })}</p>
      <form @submit=${this.handleSubmit}>
        <p>
          <span class="term">${msg('質問', { id: 'additionalAuth.question' })}</span>
          <span id="question">${this.text(this.view.question)}</span>
        </p>
        ${this.renderField(
          'answer',
          msg('回答を入力', { id: 'additionalAuth.answer' }),
          'text',
          'off',
          this.problemIs('wrong_answer'),
          'question',
        )}
        <div class="actions">
          ${this.renderButton(msg('認証', { id: 'additionalAuth.submit' }))}
        </div>
      </form>`;
  }
}
