// The partner page's own script: asks its backend for a pushed request, opens <api-link-auth>
// with it, and hands the authorization response back to its backend, which checks state and iss
// and exchanges the code. Credentials never touch this page: they are typed in the bank's frame.
// Each linked grant is shown with its status and end date at the bank, 再連携 (re-consent to the
// same grant) and 連携を解除 (the partner revokes it).
const status = document.getElementById('status');
const linked = document.getElementById('linked');
const events = document.getElementById('events');

const yen = new Intl.NumberFormat('ja-JP', { style: 'currency', currency: 'JPY' });

function log(event) {
  if (!events) return;
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()} ${event.type} ${JSON.stringify(event.detail ?? {})}`;
  events.append(item);
}

/** What the page says after the last authorization, disconnection or ending. */
const outcomeMessages = {
  linked: '口座を連携しました。',
  relinked: '再連携しました。連携の内容を更新しました。',
  disconnected: '連携を解除しました。',
  failed: '口座連携を完了できませんでした。もう一度お試しください。',
};

/** An error response's error_description (RFC 6749 §4.1.2.1) as the customer should read it. */
const endingMessages = {
  '': '口座連携は拒否されました。',
  cancelled: '口座連携を中止しました。',
  too_many_wrong_answers: '追加認証の回答を3回間違えたため、口座連携を完了できませんでした。',
  login_locked: 'ログインIDがロックされているため、口座連携を完了できませんでした。',
  transaction_expired: '時間切れのため、口座連携を完了できませんでした。もう一度お試しください。',
};

const statusLabels = { active: '連携中', revoked: '解除済み', expired: '期限切れ' };
const scopeLabels = { balance: '残高照会', transactions: '入出金明細照会' };
const longDate = new Intl.DateTimeFormat('ja-JP', { dateStyle: 'long', timeZone: 'Asia/Tokyo' });

function element(name, text, attributes = {}) {
  const node = document.createElement(name);
  if (text !== undefined) node.textContent = text;
  for (const [attribute, value] of Object.entries(attributes)) node.setAttribute(attribute, value);
  return node;
}

/**
 * POSTs JSON to the partner's own backend; its answer's JSON, or null when it refused (not 2xx)
 * or could not be reached at all (the fetch rejects: backend down, network gone).
 */
async function postToBackend(path, body) {
  try {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

/**
 * What the backend holds for this browser; null when it could not say (it is down, or the bank
 * failed one of its reads).
 */
async function linkedState() {
  try {
    const response = await fetch('/api/linked');
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

async function showLinked() {
  const state = await linkedState();
  if (!state) {
    status.textContent = '連携の状況を確認できませんでした。ページを再読み込みしてください。';
    return;
  }
  status.textContent =
    state.outcome === 'denied'
      ? (endingMessages[state.errorDescription ?? ''] ?? endingMessages[''])
      : (outcomeMessages[state.outcome] ?? '');
  if (state.grants.length === 0) return;
  linked.replaceChildren(...state.grants.map(renderGrant));
}

/** One grant: its status and end date at the bank, 再連携 and 連携を解除, and its accounts. */
function renderGrant(grant) {
  const headingId = `grant-${grant.grantId}`;
  const article = element('article', undefined, { class: 'grant', 'aria-labelledby': headingId });
  article.append(element('h3', grant.service, { id: headingId }));
  const facts = element('dl');
  for (const [term, value] of [
    ['状態', statusLabels[grant.status]],
    ['認可対象', grant.scopes.map((scope) => scopeLabels[scope] ?? scope).join('、')],
    ['有効期限', longDate.format(grant.expiresAt * 1000)],
  ]) {
    facts.append(element('dt', term), element('dd', value));
  }
  article.append(facts);
  if (grant.refused) {
    article.append(
      element(
        'p',
        `銀行が口座情報の取得を拒否しました（${grant.refused.status} ${grant.refused.error}）。連携が解除されたか、期限が切れています。`,
        { class: 'refused' },
      ),
    );
  }
  // A grant past its end can still be renewed by 再連携; a revoked one cannot (invalid_grant_id).
  if (grant.status !== 'revoked') {
    const actions = element('p');
    const relink = element('button', '再連携', { type: 'button', 'aria-describedby': headingId });
    relink.addEventListener('click', () => relinkGrant(relink, grant));
    actions.append(relink);
    if (grant.status === 'active') {
      const disconnect = element('button', '連携を解除', {
        type: 'button',
        class: 'secondary',
        'aria-describedby': headingId,
      });
      disconnect.addEventListener('click', () => disconnectGrant(disconnect, grant));
      actions.append(' ', disconnect);
    }
    article.append(actions);
  }
  article.append(...grant.accounts.map(renderAccount));
  return article;
}

function renderAccount(account) {
  const section = element('section');
  section.append(element('h4', account.label));
  if (account.balance) {
    section.append(
      element('p', `残高 ${yen.format(account.balance.amount)}（${account.balance.asOf} 現在）`),
    );
  }
  if (account.transactions) {
    const table = document.createElement('table');
    table.innerHTML =
      '<caption>最近の入出金明細</caption><thead><tr><th>日付</th><th>摘要</th><th>金額</th></tr></thead>';
    const body = table.createTBody();
    for (const entry of account.transactions) {
      const row = body.insertRow();
      row.insertCell().textContent = entry.bookedOn;
      row.insertCell().textContent = entry.description;
      const amount = row.insertCell();
      amount.className = 'amount';
      amount.textContent = yen.format(entry.amount);
    }
    section.append(table);
  }
  return section;
}

/** 「連携を解除」: the backend revokes the grant at the bank (DELETE /grants/{grant_id}). */
async function disconnectGrant(button, grant) {
  button.setAttribute('aria-busy', 'true');
  try {
    const done = await postToBackend(`/grants/${encodeURIComponent(grant.grantId)}/disconnect`);
    if (!done) {
      status.textContent = '連携を解除できませんでした。もう一度お試しください。';
      return;
    }
    await showLinked();
  } finally {
    button.removeAttribute('aria-busy');
  }
}

/** 「再連携」: consent again to the same grant, the way it was linked (modal or redirect). */
function relinkGrant(button, grant) {
  if (grant.responseMode === 'query') {
    location.assign(`/link/redirect?grant_id=${encodeURIComponent(grant.grantId)}`);
  } else {
    void startLinking(button, { clientId: grant.clientId, grantId: grant.grantId });
  }
}

async function complete(detail) {
  if (!(await postToBackend('/link/complete', detail))) {
    status.textContent = outcomeMessages.failed;
    return;
  }
  await showLinked();
}

/** The full-page flow: the backend pushes a response_mode=query request and sends us to the bank. */
function redirectLinking({ clientId, grantId }) {
  const query = new URLSearchParams({ client_id: clientId });
  if (grantId) query.set('grant_id', grantId);
  location.href = `/link/redirect?${query}`;
}

async function startLinking(button, request) {
  // The developer page's 表示方法 (README, "Which mode").
  const mode = document.getElementById('mode')?.value ?? 'modal';
  if (mode === 'redirect') return redirectLinking(request);
  button.setAttribute('aria-busy', 'true');
  status.textContent = '';
  try {
    const started = await postToBackend('/link/start', request);
    if (!started) {
      status.textContent = '口座連携を開始できませんでした。もう一度お試しください。';
      return;
    }
    const { server, clientId, requestUri } = started;
    document.querySelector('api-link-auth')?.remove();
    const widget = document.createElement('api-link-auth');
    widget.setAttribute('server', server);
    widget.setAttribute('client-id', clientId);
    widget.setAttribute('request-uri', requestUri);
    widget.setAttribute('mode', mode);
    const theme = document.getElementById('theme')?.value;
    if (theme === 'dark') widget.style.setProperty('--api-link-auth-backdrop', 'rgb(0 0 0 / .85)');
    if (theme === 'large') widget.style.setProperty('--api-link-auth-dialog-width', '56rem');
    for (const type of [
      'api-link-auth-ready',
      'api-link-auth-step',
      'api-link-auth-complete',
      'api-link-auth-cancel',
      'api-link-auth-error',
    ]) {
      widget.addEventListener(type, log);
    }
    widget.addEventListener('api-link-auth-complete', (event) => complete(event.detail));
    // An ending the bank decided carries the error response, state and iss, as a redirect would:
    // the backend believes it only with its own state and the bank as iss.
    widget.addEventListener('api-link-auth-cancel', (event) => {
      const { reason, state, iss } = event.detail;
      if (reason === 'closed') status.textContent = '口座連携を中止しました。';
      else {
        const description = reason === 'cancelled' ? { error_description: 'cancelled' } : {};
        complete({ error: 'access_denied', ...description, state, iss });
      }
    });
    widget.addEventListener('api-link-auth-error', (event) => {
      const { code, error, error_description, state, iss } = event.detail;
      // The browser refused the window: the page itself goes to the bank instead.
      if (code === 'popup_blocked') redirectLinking(request);
      else if (error) complete({ error, error_description, state, iss });
      else status.textContent = '口座連携を完了できませんでした。もう一度お試しください。';
    });
    document.body.append(widget);
    await customElements.whenDefined('api-link-auth');
    widget.open();
  } finally {
    button.removeAttribute('aria-busy');
  }
}

for (const button of document.querySelectorAll('[data-client-id]')) {
  if (button.tagName === 'BUTTON') {
    button.addEventListener('click', () =>
      startLinking(button, { clientId: button.dataset.clientId }),
    );
  }
}
document.getElementById('lang')?.addEventListener('change', (event) => {
  document.documentElement.lang = event.target.value;
});
showLinked();
