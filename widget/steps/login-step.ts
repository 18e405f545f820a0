import { msg } from '@lit/localize';
import { html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import type { FlowView } from '../../server/flow/types.js';
import { FlowStep } from './flow-step.js';
import { formText } from './form-text.js';

type LoginView = Extract<FlowView, { name: 'login' }>;

/** Step 1: 1-1 電子証明書方式 (certificate, then password) or 1-2 ID・パスワード方式. */
@customElement('api-link-auth-login')
export class LoginStep extends FlowStep<LoginView> {
  private handleCertificate = () => this.act('/flow/certificate', {});

  private handleSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const password = formText(form, 'password');
    // Once the certificate named the customer, the login ID is the server's to know.
    this.act(
      '/flow/login',
      this.view.certificateRecognized
        ? { password }
        : { loginId: formText(form, 'loginId'), password },
    );
  }

  /** The submit button's label; 連携サービス一覧 logs in rather than connects (manage-login-step.ts). */
  protected submitLabel(): string {
    return msg('API連携', { id: 'login.submit' });
  }

  /** The sentence that says what to type and which button to press. */
  protected hint(): string {
    return this.view.certificateRecognized
      ? msg(
          '電子証明書を確認しました。「ログインパスワード」を入力して、「API連携」ボタンを押してください。',
          { id: 'login.certificateRecognized' },
        )
      : msg(
          '「ログインID」、「ログインパスワード」を入力して、「API連携」ボタンを押してください。',
          {
            id: 'login.passwordHint',
          },
        );
  }

  override render() {
    const { methods, certificateRecognized } = this.view;
    const invalid = this.problemIs('invalid_credentials');
    return html`${this.renderHeading(msg('ログイン', { id: 'login.heading' }))}
      ${
        methods.includes('certificate')
          ? html`<p>
                ${msg(
                  '電子証明書方式のお客様は「電子証明書ログイン」ボタンを押し、証明書を選択してください。',
                  {
                    id: 'login.certificateHint',
                  },
                )}
              </p>
              <div class="actions">
                ${this.renderButton(msg('電子証明書ログイン', { id: 'login.certificate' }), {
                  primary: false,
                  onClick: this.handleCertificate,
                })}
              </div>`
          : nothing
      }
      <p>${this.hint()}</p>
      <form @submit=${this.handleSubmit}>
        ${
          certificateRecognized
            ? nothing
            : this.renderField(
                'loginId',
                msg('ログインID', { id: 'login.loginId' }),
                'text',
                'username',
                invalid,
              )
        }
        ${this.renderField(
          'password',
          msg('ログインパスワード', { id: 'login.password' }),
          'password',
          'current-password',
          invalid,
        )}
        <div class="actions">${this.renderButton(this.submitLabel())}</div>
      </form>`;
  }
}
