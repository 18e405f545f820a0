/**
 * What the customer did on the server-rendered first step before the element's module ran: the
 * text in each field, by id, with the caret, and the element that had focus. The /authorize page
 * shows the login step as markup in a declarative shadow root (server/routes/hosted-page.ts), so
 * the customer may have started typing by the time the element renders the same step itself.
 */
export interface TypedBefore {
  fields: { id: string; value: string; start: number | null; end: number | null }[];
  /** The id of the field that had focus; `null` when it was the heading or nothing. */
  focused: string | null;
  /**
   * Which of the step's buttons, in document order, the customer pressed last, as the page's
   * script noted it (the /authorize page's first-step script); `null` when none was.
   */
  pressed: number | null;
}

/**
 * Takes the server-rendered markup out of `root` and answers what had been typed into it. Called
 * in the same task as the element's first render, so no frame shows the step missing.
 */
export function takeServerRendered(root: ShadowRoot): TypedBefore {
  const fields = [...root.querySelectorAll('input')].map(
    ({ id, value, selectionStart, selectionEnd }) => ({
      id,
      value,
      start: selectionStart,
      end: selectionEnd,
    }),
  );
  const active = root.activeElement;
  const focused = active instanceof HTMLInputElement && active.id ? active.id : null;
  const noted = root.querySelector<HTMLElement>('[part~=container]')?.dataset.pressed;
  const pressed = noted && /^\d+$/.test(noted) ? Number(noted) : null;
  root.replaceChildren();
  return { fields, focused, pressed };
}

/**
 * Puts what was typed into the element's own fields, and focus back on the field that had it.
 * Answers whether it did, in which case the heading must not take focus away from it.
 */
export function restoreTyped(root: ShadowRoot, typed: TypedBefore): boolean {
  const field = (id: string) => root.getElementById(id) as HTMLInputElement | null;
  for (const { id, value } of typed.fields) {
    const input = field(id);
    if (input && value) input.value = value;
  }
  const focused = typed.focused === null ? null : field(typed.focused);
  if (!focused) return false;
  focused.focus();
  const caret = typed.fields.find(({ id }) => id === typed.focused);
  if (caret?.start != null && caret.end != null) {
    try {
      focused.setSelectionRange(caret.start, caret.end);
    } catch {
      // A field type without a selection (none on the login step today).
    }
  }
  return true;
}

/** Makes the press the customer made on the server-rendered step again, on the element's own. */
export function pressAgain(root: ShadowRoot, typed: TypedBefore): void {
  if (typed.pressed !== null) root.querySelectorAll('button')[typed.pressed]?.click();
}
