// The partner page's own script: asks its backend for a pushed request, opens <api-link-auth>
// with it, and hands the authorization response back to its backend, which checks state and iss
// and exchanges the code. Credentials never touch this page: they are typed in the bank's frame.
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

async function showLinked() {
  const state = await (await fetch('/api/linked')).json();
  if (state.outcome === 'denied') status.textContent = '口座連携は拒否されました。';
  if (state.outcome === 'failed')
    status.textContent = '口座連携を完了できませんでした。もう一度お試しください。';
  if (state.accounts.length === 0) return;
  status.textContent = '口座を連携しました。';
  linked.replaceChildren(
    ...state.accounts.map((account) => {
      const section = document.createElement('article');
      const heading = document.createElement('h3');
      heading.textContent = account.label;
      section.append(heading);
      if (account.balance) {
        const balance = document.createElement('p');
        balance.textContent = `残高 ${yen.format(account.balance.amount)}（${account.balance.asOf} 現在）`;
        section.append(balance);
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
    }),
  );
}

async function complete(detail) {
  const response = await fetch('/link/complete', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(detail),
  });
  await response.json();
  await showLinked();
}

async function startLinking(button) {
  button.setAttribute('aria-busy', 'true');
  status.textContent = '';
  try {
    const response = await fetch('/link/start', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ clientId: button.dataset.clientId }),
    });
    const { server, clientId, requestUri } = await response.json();
    document.querySelector('api-link-auth')?.remove();
    const widget = document.createElement('api-link-auth');
    widget.setAttribute('server', server);
    widget.setAttribute('client-id', clientId);
    widget.setAttribute('request-uri', requestUri);
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
    widget.addEventListener('api-link-auth-cancel', (event) => {
      if (event.detail.reason === 'denied')
        complete({ error: 'access_denied', state: event.detail.state, iss: event.detail.iss });
      else status.textContent = '口座連携を中止しました。';
    });
    widget.addEventListener('api-link-auth-error', () => {
      status.textContent = '口座連携を完了できませんでした。もう一度お試しください。';
    });
    document.body.append(widget);
    await customElements.whenDefined('api-link-auth');
    widget.open();
  } finally {
    button.removeAttribute('aria-busy');
  }
}

for (const button of document.querySelectorAll('[data-client-id]')) {
  if (button.tagName === 'BUTTON') button.addEventListener('click', () => startLinking(button));
}
document.getElementById('lang')?.addEventListener('change', (event) => {
  document.documentElement.lang = event.target.value;
});
showLinked();
