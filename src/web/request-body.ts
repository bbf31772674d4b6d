// Reading a request body with a size limit, for the endpoints that take raw
// bytes from other services (the inbound email and GitHub webhooks).

/** The raw body up to `max` bytes (a signature is over these exact bytes); undefined when it is larger. */
export async function readLimited(request: Request, max: number): Promise<Buffer | undefined> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > max) return undefined;
  if (!request.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
