/**
 * Why the engine refused an input. Pure data with a stable `code`: the HTTP adapter maps it to an
 * RFC 9457 problem and the widget localizes it, so the engine never speaks HTTP or any language.
 */
export type RefusalCode =
  | 'step_not_allowed'
  | 'scope_required'
  | 'invalid_scope'
  | 'account_required'
  | 'account_not_selectable'
  | 'nothing_left_to_register'
  | 'confirmation_required';

export class FlowRefusal extends Error {
  constructor(
    readonly code: RefusalCode,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'FlowRefusal';
  }
}
