import { AdditionalAuthStep } from './steps/additional-auth-step.js';
import { ConsentStep } from './steps/consent-step.js';
import type { FlowStep } from './steps/flow-step.js';
import { PinRegisterStep } from './steps/pin-register-step.js';
import { PinResultStep } from './steps/pin-result-step.js';
import { ScopeSelectStep } from './steps/scope-select-step.js';

/**
 * The steps after login, loaded as a chunk of their own by `<api-link-auth-flow>` once its first
 * step shows: the first screen's script carries only the element and the login step.
 */
export const laterSteps = {
  'additional-auth': AdditionalAuthStep,
  'scope-select': ScopeSelectStep,
  'pin-register': PinRegisterStep,
  'pin-result': PinResultStep,
  consent: ConsentStep,
} satisfies Record<string, new () => FlowStep>;
