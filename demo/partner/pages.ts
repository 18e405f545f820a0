import { html } from 'hono/html';

const layout = (title: string, body: unknown, bank: string) =>
  html`<!doctype html>
    <html lang="ja">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <style>
          body {
            font-family: system-ui, 'Hiragino Sans', 'Noto Sans JP', sans-serif;
            margin: 0;
            color: #1b2430;
            background: #f4f7f6;
          }
          header {
            background: #1f7a5c;
            color: #fff;
            padding: 1rem 1.5rem;
          }
          header a {
            color: #fff;
          }
          main {
            max-width: 48rem;
            margin: 0 auto;
            padding: 1.5rem;
          }
          button,
          .button {
            font: inherit;
            font-size: 1.1rem;
            padding: 0.75rem 1.25rem;
            border-radius: 6px;
            border: 0;
            background: #1f7a5c;
            color: #fff;
            cursor: pointer;
            text-decoration: none;
            display: inline-block;
          }
          .secondary {
            background: #fff;
            color: #1f7a5c;
            border: 2px solid #1f7a5c;
          }
          section {
            background: #fff;
            border-radius: 8px;
            padding: 1rem 1.25rem;
            margin: 1rem 0;
            box-shadow: 0 1px 3px rgb(0 0 0 / 0.1);
          }
          table {
            border-collapse: collapse;
            width: 100%;
          }
          td,
          th {
            text-align: left;
            padding: 0.35rem 0.5rem;
            border-bottom: 1px solid #e2e8e6;
          }
          td.amount {
            text-align: right;
            font-variant-numeric: tabular-nums;
          }
          [role='status'] {
            font-weight: bold;
          }
          .grant {
            border-top: 1px solid #e2e8e6;
            padding-top: 0.5rem;
          }
          .grant dl {
            display: grid;
            grid-template-columns: max-content 1fr;
            gap: 0.25rem 1rem;
          }
          .grant dd {
            margin: 0;
          }
          .refused {
            border-left: 4px solid #b3261e;
            padding-left: 0.5rem;
          }
          #events {
            font-family: ui-monospace, monospace;
            font-size: 0.85rem;
            max-height: 20rem;
            overflow: auto;
            background: #111;
            color: #b8f5c8;
            padding: 0.75rem;
          }
        </style>
      </head>
      <body data-bank="${bank}">
        <header>
          <strong>かんたん家計簿</strong> — デモフィンテック株式会社 <small>(demo partner)</small> ·
          <a href="/">ホーム</a> · <a href="/developer">開発者向け</a>
        </header>
        <main>${body}</main>
        <script type="module" src="${bank}/widget/api-link-auth-embed.js"></script>
        <script type="module" src="/partner.js"></script>
      </body>
    </html>`;

export const homePage = (bank: string) =>
  layout(
    'かんたん家計簿',
    html`<h1>かんたん家計簿</h1>
      <section>
        <h2>銀行口座の連携</h2>
        <p>デモ信用組合の口座を連携すると、残高と入出金明細をここで確認できます。</p>
        <p>
          <button type="button" id="link-modal" data-client-id="demo-fapi">
            銀行口座を連携する
          </button>
          <button type="button" id="link-quick" class="secondary" data-client-id="demo-quick">
            かんたん連携（業務選択なし）
          </button>
          <a
            class="button secondary"
            id="link-redirect"
            href="/link/redirect?client_id=demo-kakeibo"
            >画面を移動して連携する</a
          >
        </p>
        <p role="status" id="status"></p>
      </section>
      <section aria-labelledby="linked-heading">
        <h2 id="linked-heading">連携中の口座</h2>
        <div id="linked"><p>まだ連携されていません。</p></div>
        <p>
          デモ信用組合のサイトでも、連携しているサービスの確認と解除ができます:
          <a href="${bank}/connections">デモ信用組合の連携サービス一覧</a>
        </p>
      </section>`,
    bank,
  );

export const developerPage = (bank: string) =>
  layout(
    'かんたん家計簿 — 開発者向け',
    html`<h1>開発者向け: &lt;api-link-auth&gt; のイベント</h1>
      <section>
        <p>
          <label
            >言語 / Language
            <select id="lang">
              <option value="ja">日本語</option>
              <option value="en">English</option>
            </select></label
          >
          <label
            >テーマ / Theme
            <select id="theme">
              <option value="default">標準</option>
              <option value="dark">ダーク</option>
              <option value="large">大きな文字</option>
            </select></label
          >
          <label
            >表示方法 / Mode
            <select id="mode">
              <option value="modal">モーダル (modal)</option>
              <option value="popup">ポップアップ (popup)</option>
              <option value="redirect">画面を移動 (redirect)</option>
            </select></label
          >
        </p>
        <p>
          <button type="button" id="link-modal" data-client-id="demo-fapi">
            銀行口座を連携する
          </button>
        </p>
        <p role="status" id="status"></p>
      </section>
      <section>
        <h2>イベント / Events</h2>
        <ol id="events" aria-live="polite"></ol>
      </section>
      <section>
        <h2>連携中の口座</h2>
        <div id="linked"></div>
      </section>`,
    bank,
  );

export const infoPage = (title: string, text: string) =>
  html`<!doctype html>
    <html lang="ja">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
      </head>
      <body>
        <main>
          <h1>${title}</h1>
          <p>${text}</p>
          <p><a href="/">かんたん家計簿へ戻る</a></p>
        </main>
      </body>
    </html>`;
