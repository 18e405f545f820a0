import { msg } from '@lit/localize';
import { customElement } from 'lit/decorators.js';
import { LoginStep } from './login-step.js';

/**
 * The login of 連携サービス一覧: the flow's login step, whose button logs in rather than connects.
 * Its own file, so its words load with the manage mode and not with every authorization.
 */
@customElement('api-link-auth-manage-login')
export class ManageLoginStep extends LoginStep {
  protected override submitLabel(): string {
    return msg('ログイン', { id: 'login.submitManage' });
  }

  protected override hint(): string {
    return this.view.certificateRecognized
      ? msg(
          '電子証明書を確認しました。「ログインパスワード」を入力して、「ログイン」ボタンを押してください。',
          { id: 'login.certificateRecognizedManage' },
        )
      : msg(
          '「ログインID」、「ログインパスワード」を入力して、「ログイン」ボタンを押してください。',
          {
            id: 'login.passwordHintManage',
          },
        );
  }
}
