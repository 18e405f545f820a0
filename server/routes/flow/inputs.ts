import * as z from 'zod';
import type {
  AnswerRequest,
  ConsentRequest,
  LoginRequest,
  PinsRequest,
  ScopesRequest,
  StartRequest,
} from '../../flow/requests.js';

/**
 * The body of every flow-API route, as zod schemas. The widget is typed by the zod-free
 * declarations in server/flow/requests.ts; `InputsMatchRequests` below makes each schema take
 * exactly the body declared there.
 */
export const startInput = z.object({
  clientId: z.string().min(1).max(128),
  requestUri: z.string().min(1).max(512),
});

export const loginInput = z.object({
  loginId: z.string().trim().min(1).max(64).optional(),
  password: z.string().min(1).max(128),
});

export const answerInput = z.object({ answer: z.string().trim().min(1).max(128) });

export const scopesInput = z.object({ scopes: z.array(z.string().min(1).max(64)).max(32) });

/**
 * The most accounts one submission names (the PIN step's rows, consent's 対象口座): a customer's
 * whole list as the widget sends it with 「全て」 checked, up to the 200 accounts the product is
 * measured with (BENCHMARKS.md), so nobody has to register in parts.
 */
export const MAX_ACCOUNTS_PER_SUBMISSION = 200;

const pinEntry = z.object({
  accountId: z.string().min(1).max(64),
  pin: z.string().regex(/^\d{4,8}$/, 'must be 4 to 8 digits'),
});

export const pinsInput = z.object({
  pins: z.array(pinEntry).max(MAX_ACCOUNTS_PER_SUBMISSION),
});

export const consentInput = z.object({
  decision: z.enum(['allow', 'deny']),
  confirmed: z.boolean(),
  accountIds: z.array(z.string().min(1).max(64)).max(MAX_ACCOUNTS_PER_SUBMISSION).optional(),
});

/** True only when A and B are the same type: no field added, dropped, retyped or made optional. */
type Same<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

type Holds<Check extends true> = Check;

/** Fails to compile when a schema and the body the widget sends for its route drift apart. */
export type InputsMatchRequests = [
  Holds<Same<z.input<typeof startInput>, StartRequest>>,
  Holds<Same<z.input<typeof loginInput>, LoginRequest>>,
  Holds<Same<z.input<typeof answerInput>, AnswerRequest>>,
  Holds<Same<z.input<typeof scopesInput>, ScopesRequest>>,
  Holds<Same<z.input<typeof pinsInput>, PinsRequest>>,
  Holds<Same<z.input<typeof consentInput>, ConsentRequest>>,
];
