import type { AuthorizationResponse, CancelDetail, ErrorDetail, StepDetail } from './events.js';

export const messageSource = 'api-link-auth';
export const messageVersion = 1;

/** The public event a message stands for. */
export type WidgetEvent =
  | { type: 'ready'; detail: Record<string, never> }
  | { type: 'step'; detail: StepDetail }
  | { type: 'complete'; detail: AuthorizationResponse }
  | { type: 'cancel'; detail: CancelDetail }
  | { type: 'error'; detail: ErrorDetail };

/**
 * What the bank-hosted page posts to the partner page, versioned so both sides can
 * evolve. Sent only to the registered partner origin; accepted only from the bank's origin and the
 * frame the partner opened.
 */
export type WidgetMessage = WidgetEvent & {
  source: typeof messageSource;
  version: typeof messageVersion;
};
