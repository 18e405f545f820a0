import * as z from 'zod';

/**
 * The body of every flow-API route, as zod schemas. The routes validate with them; the widget
 * imports only `FlowRequests` (a type, erased at build), so its calls are typed by the server's
 * own schemas without zod or server code in the browser bundle.
 */
export const startInput = z.object({
  clientId: z.string().min(1).max(128),
  requestUri: z.string().min(1).max(512),
});

export const loginInput = z.object({
  /** Omitted after a certificate named the customer (SPEC §3 1-1). */
  loginId: z.string().trim().min(1).max(64).optional(),
  password: z.string().min(1).max(128),
});

export const answerInput = z.object({ answer: z.string().trim().min(1).max(128) });

export const scopesInput = z.object({ scopes: z.array(z.string().min(1).max(64)).max(32) });

export const pinsInput = z.object({
  pins: z
    .array(z.object({ accountId: z.string().min(1).max(64), pin: z.string().regex(/^\d{4,8}$/, 'must be 4 to 8 digits') }))
    .max(500),
});

export const consentInput = z.object({
  decision: z.enum(['allow', 'deny']),
  /** The 「認可手続きを継続する」 checkbox. */
  confirmed: z.boolean(),
});

type NoBody = Record<string, never>;

/** What each route of the flow API takes, by path. */
export interface FlowRequests {
  '/flow/start': z.input<typeof startInput>;
  '/flow/certificate': NoBody;
  '/flow/login': z.input<typeof loginInput>;
  '/flow/answer': z.input<typeof answerInput>;
  '/flow/scopes': z.input<typeof scopesInput>;
  '/flow/pins': z.input<typeof pinsInput>;
  '/flow/pins/confirm': NoBody;
  '/flow/pins/add-more': NoBody;
  '/flow/consent': z.input<typeof consentInput>;
}
