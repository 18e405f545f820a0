import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';

/**
 * Above any request this API takes: a PAR with every parameter at its longest and every character
 * percent-encoded is under 14 KB, the PIN step's 200 rows (server/routes/flow/inputs.ts) with
 * 64-character account IDs and 8-digit PINs under 20 KB.
 */
export const MAX_BODY_BYTES = 24 * 1024;

/**
 * Reads every request body to its end, and refuses one over MAX_BODY_BYTES with 413 without
 * parsing it: one of unknown length is read before any route runs, one whose declared length is
 * within the limit as a route reads it, or after the route if none does.
 *
 * Reading to the end matters as much as the limit. workerd cannot reuse a kept-alive connection
 * whose request body the Worker left unread: behind Miniflare's entry worker or wrangler's dev
 * proxy the next request on it hangs or fails, and a client still sending a large body sees the
 * connection reset instead of the 413 (`Connection: close` does not help: workerd drops the
 * header). hono/body-limit refuses a body without a length after reading only part of it, and
 * wrangler's dev-only "ensure-req-body-drained" middleware skips a body once read from, so the
 * rest stayed unread and the dev proxy hung; that is why it was taken out. So a refused body is
 * read and discarded here, and so is a body no route reads (`{}` to /flow/pins/confirm, a
 * GET's, a 404's, one refused by its validator for its content type or by a rate limit).
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14
 * @see https://www.rfc-editor.org/rfc/rfc9112#section-9.3 ("A server MUST read the entire
 *   request message body or close the connection after sending its response")
 */
export const boundedBody = createMiddleware(async (c, next) => {
  // workers-types leave the stream's chunks untyped; a request body's are bytes.
  const body = c.req.raw.body as ReadableStream<Uint8Array> | null;
  if (!body) return next();
  // One plain length (RFC 9110 §8.6); anything else is read as a body of unknown length.
  const length = c.req.header('Content-Length') ?? '';
  const declared = /^\d+$/.test(length) ? Number(length) : null;
  if (declared !== null && declared <= MAX_BODY_BYTES) {
    // A declared length is the body's exact length: HTTP/1.1 frames the body by it, and HTTP/2
    // and 3 treat a body of another length as malformed (RFC 9112 §6.3, RFC 9113 §8.1.1). So
    // the routes read it as it comes, and what none read is drained after, which spares
    // copying every body into a new Request (the flow's requests all declare theirs).
    try {
      await next();
    } finally {
      if (!c.req.raw.bodyUsed) await c.req.raw.arrayBuffer();
    }
    return;
  }
  const reader = body.getReader();
  const bytes = declared !== null ? null : await readWithin(reader, MAX_BODY_BYTES);
  if (!bytes) {
    await discardRest(reader);
    throw new HTTPException(413, {
      message: `The request body is larger than ${MAX_BODY_BYTES / 1024} KB.`,
    });
  }
  // Fetch forbids a body on a GET or HEAD request; no route of those reads one anyway.
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    c.req.raw = new Request(c.req.raw, { body: bytes });
  }
  await next();
});

/** The whole body, or null as soon as it passes `limit` bytes. */
async function readWithin(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  limit: number,
): Promise<Uint8Array | null> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > limit) return null;
    chunks.push(read.value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * Reads the rest and drops it. Bounded on Cloudflare, whose edge refuses a body over the plan's
 * limit (100 MB and up) before the Worker runs; reading costs the Worker next to no CPU.
 * @see https://developers.cloudflare.com/workers/platform/limits/#request-limits
 */
async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  while (!(await reader.read()).done);
}
