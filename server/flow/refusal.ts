import type { RefusalCode } from './problem-codes.js';

/**
 * Why the engine refused an input. Pure data with a stable `code` (problem-codes.ts): the HTTP adapter maps it to an
 * RFC 9457 problem and the widget localizes it, so the engine never speaks HTTP or any language.
 */
export class FlowRefusal extends Error {
  constructor(
    readonly code: RefusalCode,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'FlowRefusal';
  }
}
