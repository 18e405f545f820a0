import type { AuthorizationResponse, CancelDetail, ErrorDetail, StepDetail } from './events.js';

/**
 * What the bank-hosted page posts to the partner page (SPEC §5): the event it re-emits, versioned
 * so both sides can evolve. Sent only to the registered partner origin, accepted only from the
 * bank's origin and frame.
 */
export type WidgetMessage = { source: typeof messageSource; version: typeof messageVersion } & (
  | { type: 'ready'; detail: Record<string, never> }
  | { type: 'step'; detail: StepDetail }
  | { type: 'complete'; detail: AuthorizationResponse }
  | { type: 'cancel'; detail: CancelDetail }
  | { type: 'error'; detail: ErrorDetail }
);

export const messageSource = 'api-link-auth';
export const messageVersion = 1;
