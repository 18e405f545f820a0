import type { FlowFacts } from '../facts.js';
import { afterScopeChoice } from '../next-step.js';
import { FlowRefusal } from '../refusal.js';
import type { FlowState, FlowView, ScopeView } from '../types.js';

/** Step 3 — service selection (認可業務選択): at least one of the requested services. */

export function chooseScopes(state: FlowState, scopes: string[], facts: FlowFacts): FlowState {
  if (scopes.length === 0) {
    throw new FlowRefusal('scope_required', 'Choose at least one service.');
  }
  const outside = scopes.filter((scope) => !state.request.scopes.includes(scope));
  if (outside.length > 0) {
    throw new FlowRefusal('invalid_scope', `Not requested by the partner: ${outside.join(' ')}.`);
  }
  const inRequestOrder = state.request.scopes.filter((scope) => scopes.includes(scope));
  return afterScopeChoice({ ...state, chosenScopes: inRequestOrder }, facts);
}

export function scopeSelectView(state: FlowState, facts: FlowFacts): FlowView {
  return { name: 'scope-select', scopes: scopeViews(state.request.scopes, facts) };
}

export function scopeViews(names: string[], facts: FlowFacts): ScopeView[] {
  return names.map(
    (name) =>
      facts.scopeCatalog.find((scope) => scope.name === name) ?? {
        name,
        label: { ja: name, en: name },
      },
  );
}
