import { css } from 'lit';

/**
 * The one stylesheet of the hosted element: steps render into its shadow root, so they share it.
 * Every colour and size a bank may want to change is a `--api-link-auth-*` custom property.
 */
export const widgetStyles = css`
  :host {
    --_primary: var(--api-link-auth-color-primary, #00508f);
    --_on-primary: var(--api-link-auth-color-on-primary, #fff);
    --_text: var(--api-link-auth-color-text, #1b2430);
    --_muted: var(--api-link-auth-color-muted, #4a5561);
    --_surface: var(--api-link-auth-color-surface, #fff);
    --_subtle: var(--api-link-auth-color-subtle, #eef2f6);
    --_border: var(--api-link-auth-color-border, #8a96a3);
    --_error: var(--api-link-auth-color-error, #a4251c);
    --_radius: var(--api-link-auth-radius, 6px);
    display: block;
    color: var(--_text);
    background: var(--_surface);
    font: 1rem/1.6
      var(
        --api-link-auth-font-family,
        system-ui,
        'Hiragino Sans',
        'Noto Sans JP',
        Meiryo,
        sans-serif
      );
  }
  :host([hidden]) {
    display: none;
  }
  * {
    box-sizing: border-box;
  }
  [part~='container'] {
    container-type: inline-size;
    max-width: var(--api-link-auth-max-width, 42rem);
    margin: 0 auto;
    padding: 1rem;
  }

  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
    padding-bottom: 0.5rem;
    border-bottom: 3px solid var(--_primary);
  }
  header p {
    flex: 1;
    margin: 0;
    font-weight: 700;
  }
  ol {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
    margin: 0.75rem 0;
    padding: 0;
    list-style: none;
    font-size: 0.875rem;
    color: var(--_muted);
    counter-reset: step;
  }
  ol li::before {
    counter-increment: step;
    content: counter(step) '. ';
  }
  [aria-current] {
    color: var(--_primary);
    font-weight: 700;
    text-decoration: underline;
  }
  h2 {
    margin: 1rem 0;
    font-size: 1.25rem;
  }
  h3 {
    margin: 1.25rem 0 0.5rem;
    font-size: 1rem;
  }
  label,
  dt,
  legend,
  .term {
    font-weight: 700;
  }
  label {
    display: block;
  }
  fieldset {
    margin: 0 0 1rem;
    padding: 0.5rem 1rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .field {
    margin: 0 0 1rem;
  }
  ul.accounts {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .required {
    color: var(--_error);
  }
  .check {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    margin: 0.5rem 0;
    font-weight: 400;
  }
  input {
    font: inherit;
    color: inherit;
  }
  input[type='checkbox'] {
    flex: none;
    width: 1.25rem;
    height: 1.25rem;
    margin: 0;
    accent-color: var(--_primary);
  }
  [part~='input'] {
    width: 100%;
    max-width: 20rem;
    min-height: 44px;
    padding: 0.375rem 0.5rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  td [part~='input'] {
    width: 100%;
    min-width: 4rem;
  }
  [aria-invalid='true'] {
    border: 2px solid var(--_error);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    margin: 1rem 0;
  }
  button {
    min-height: 44px;
    padding: 0.5rem 1.25rem;
    border: 2px solid var(--_primary);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_primary);
    font: inherit;
    font-weight: 700;
    cursor: pointer;
  }
  [part~='primary'] {
    background: var(--_primary);
    color: var(--_on-primary);
  }
  button:disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }
  [aria-busy='true'] {
    opacity: 0.7;
    cursor: progress;
  }
  /* Headings and the error box take focus to be read, not to be operated. */
  [tabindex='-1']:focus {
    outline: none;
  }
  :focus-visible {
    outline: 3px solid var(--api-link-auth-color-focus, #1a73e8);
    outline-offset: 2px;
  }
  a {
    color: var(--_primary);
  }
  [part~='error'] {
    margin: 1rem 0;
    padding: 0.5rem 1rem;
    border-left: 4px solid var(--_error);
    background: #fdeceb;
    color: #7d1b14;
  }
  [part~='error'] p {
    margin: 0;
  }
  .field-error {
    display: block;
    color: var(--_error);
    font-size: 0.875rem;
  }
  .table {
    overflow-x: auto;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: 0.875rem;
  }
  th,
  td {
    padding: 0.375rem 0.25rem;
    border: 1px solid var(--_border);
    text-align: left;
  }
  th .check {
    flex-wrap: wrap;
  }
  /* 登録済み* stays whole; a 20-character memo may break anywhere (both fit 320 px). */
  .status {
    word-break: keep-all;
  }
  .memo {
    overflow-wrap: anywhere;
  }
  /* At 320 px (WCAG 1.4.10) the five columns fit only if status words may break too. */
  @media (max-width: 30rem) {
    [part~='container'] {
      padding-inline: 0.5rem;
    }
    table {
      font-size: 0.8125rem;
    }
    /* Firefox sizes columns by their longest word: English headings must be free to break. */
    .status,
    thead th {
      overflow-wrap: anywhere;
    }
    td [part~='input'] {
      min-width: 3.5rem;
    }
  }
  /*
   * Phone-first: where the widget is 30rem wide or less (a phone, the modal on one, 200 % zoom),
   * each row of a PIN table is a card: the account as its title, the row's checkbox beside it,
   * then each cell under its column heading (data-label). A container query, so the layout follows
   * the room the widget has, in a frame as on a page. The cells keep their ids and the controls
   * their aria-labelledby, so every accessible name stays the table's.
   */
  @container (max-width: 30rem) {
    .table :is(table, thead, tbody, tr, th, td) {
      display: block;
      border: 0;
      padding: 0;
    }
    .table thead th:not(.pick) {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
    }
    .table .check {
      min-height: 44px;
    }
    .table tbody tr {
      display: grid;
      grid-template-columns: auto 1fr;
      align-items: center;
      gap: 0.25rem 0.75rem;
      margin: 0 0 0.75rem;
      padding: 0.5rem 0.75rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    .table tbody th {
      grid-area: 1 / 1 / 2 / 3;
      font-weight: 700;
    }
    .table .pick ~ th {
      grid-column: 2;
    }
    .table td[data-label] {
      grid-column: 1 / 3;
    }
    .table td[data-label]::before {
      display: block;
      color: var(--_muted);
      content: attr(data-label);
      /* Where the engine takes alternative text, the heading is shown, not read twice. */
      content: attr(data-label) / '';
    }
    .table input[type='checkbox'] {
      width: 44px;
      height: 44px;
    }
    .table [part~='input'] {
      max-width: none;
    }
  }
  thead th {
    background: var(--_subtle);
  }
  tbody th {
    font-weight: 400;
  }
  dd {
    margin: 0 0 0.75rem;
  }
  ul {
    margin: 0;
    padding-left: 1.25rem;
  }
  .note {
    font-size: 0.875rem;
  }
  /* Framed: whose page the consent is shown in, where a customer reads before pressing 許可. */
  /* The framing origin, and a re-consent's 変更内容, stand apart from the consent text. */
  .framed-by,
  .change {
    padding: 0.5rem 0.75rem;
    border-left: 4px solid var(--_primary);
    background: var(--_subtle);
    overflow-wrap: anywhere;
  }
  .change h3 {
    margin-top: 0;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
