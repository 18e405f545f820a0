// What a customer sees, found the way assistive technology names it: runs inside the page (or the
// bank's frame) in every engine, so each driver only has to evaluate a script. Roles and names
// follow the HTML-AAM mappings the tests use; open shadow roots are searched too.

export type Name = string | { regex: string; flags: string };

export type Query =
  | { by: 'role'; role: string; name?: Name }
  | { by: 'label'; name: Name }
  | { by: 'text'; name: Name }
  | { by: 'css'; selector: string };

export type Action =
  | { do: 'count' }
  | { do: 'disabled' }
  | { do: 'click' }
  | { do: 'check' }
  | { do: 'fill'; value: string }
  | { do: 'select'; value: string };

/**
 * Answers `{ found: number }` (visible matches) and, when one was found and the action needs an
 * element, acts on the `index`-th (a click waits for it to be enabled: `{ found, done: false }`).
 * Serialised into the page with `Function.prototype.toString`: it must not close over anything.
 */
export function pageQuery(query: Query, action: Action, index: number) {
  // A string matches the whole name, or else (as in Playwright) a part of it.
  let exact = true;
  const matches = (name: Name | undefined, text: string) => {
    if (name === undefined) return true;
    const normalized = text.replace(/\s+/g, ' ').trim();
    if (typeof name !== 'string') return new RegExp(name.regex, name.flags).test(normalized);
    return exact ? normalized === name : normalized.includes(name);
  };
  const all: Element[] = [];
  const walk = (root: Document | ShadowRoot) => {
    for (const element of Array.from(root.querySelectorAll('*'))) {
      all.push(element);
      if (element.shadowRoot) walk(element.shadowRoot);
    }
  };
  walk(document);
  const visible = (element: Element) =>
    element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden';
  const byId = (element: Element, id: string) =>
    (element.getRootNode() as Document | ShadowRoot).querySelector(`#${CSS.escape(id)}`);
  const roleOf = (element: Element) => {
    const explicit = element.getAttribute('role');
    if (explicit) return explicit;
    const type = (element as HTMLInputElement).type;
    switch (element.localName) {
      case 'button':
        return 'button';
      case 'a':
        return element.hasAttribute('href') ? 'link' : '';
      case 'select':
        return 'combobox';
      case 'textarea':
        return 'textbox';
      case 'table':
        return 'table';
      case 'input':
        if (type === 'checkbox') return 'checkbox';
        if (type === 'radio') return 'radio';
        if (['button', 'submit', 'reset'].includes(type)) return 'button';
        return 'textbox';
      default:
        return /^h[1-6]$/.test(element.localName) ? 'heading' : '';
    }
  };
  const nameOf = (element: Element): string => {
    const labelledBy = element.getAttribute('aria-labelledby');
    if (labelledBy) {
      return labelledBy
        .split(/\s+/)
        .map((id) => byId(element, id)?.textContent ?? '')
        .join(' ');
    }
    const label = element.getAttribute('aria-label');
    if (label) return label;
    const labels = (element as HTMLInputElement).labels;
    if (labels?.length)
      return Array.from(labels)
        .map((each) => each.textContent)
        .join(' ');
    if (element.localName === 'table')
      return (element as HTMLTableElement).caption?.textContent ?? '';
    if (element.localName === 'input') return element.getAttribute('title') ?? '';
    return element.textContent ?? '';
  };
  const isControl = (element: Element) =>
    ['input', 'select', 'textarea'].includes(element.localName);
  const find = (): Element[] => {
    switch (query.by) {
      case 'role':
        return all.filter((e) => roleOf(e) === query.role && matches(query.name, nameOf(e)));
      case 'label':
        return all.filter((e) => isControl(e) && matches(query.name, nameOf(e)));
      case 'text': {
        const text = all.filter(
          (e) =>
            !['script', 'style'].includes(e.localName) && matches(query.name, e.textContent ?? ''),
        );
        // The innermost elements with the text, as a reader meets it.
        return text.filter((e) => !text.some((other) => other !== e && e.contains(other)));
      }
      case 'css':
        return all.filter((e) => e.matches(query.selector));
    }
  };
  let found = find().filter(visible);
  if (found.length === 0) {
    exact = false;
    found = find().filter(visible);
  }
  const element = found[index] as HTMLElement | undefined;
  if (action.do === 'count' || !element) return { found: found.length };
  const input = element as HTMLInputElement;
  switch (action.do) {
    case 'disabled':
      return { found: found.length, done: input.disabled === true };
    case 'click':
      // A busy button ignores presses by design (one request at a time): wait as a person would.
      if (input.disabled || element.getAttribute('aria-busy') === 'true') {
        return { found: found.length, done: false };
      }
      element.click();
      break;
    case 'check':
      if (input.disabled) return { found: found.length, done: false };
      if (!input.checked) element.click();
      break;
    case 'fill':
    case 'select':
      element.focus();
      input.value = action.value;
      element.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      element.dispatchEvent(new Event('change', { bubbles: true }));
      break;
  }
  return { found: found.length, done: true };
}
