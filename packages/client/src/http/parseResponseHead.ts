export interface ResponseHead {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Map<string, string>;
  /** How the body ends: a length, chunked encoding, or the connection closing. */
  framing: { kind: 'length'; length: number } | { kind: 'chunked' } | { kind: 'close' };
  /** Whether the connection may carry another request once the body is read. */
  keepAlive: boolean;
}

/**
 * Parses an HTTP/1.x response head (status line and headers, without the blank
 * line that ends it) and works out how its body is framed (RFC 9112 §6.3).
 * Throws on anything malformed: a transport must not guess where a body ends.
 */
export function parseResponseHead(head: string, method: string): ResponseHead {
  const lines = head.split('\r\n');
  const m = /^HTTP\/1\.([01]) (\d{3})(?: .*)?$/.exec(lines[0]!);
  if (!m) throw new Error(`malformed status line ${JSON.stringify(lines[0]!.slice(0, 80))}`);
  const status = Number(m[2]);
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0 || /[\s]/.test(line.slice(0, colon))) throw new Error(`malformed header line ${JSON.stringify(line.slice(0, 80))}`);
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim();
    const before = headers.get(name);
    headers.set(name, before === undefined ? value : `${before}, ${value}`);
  }
  const connection = (headers.get('connection') ?? '').toLowerCase();
  let keepAlive = m[1] === '1' ? !/\bclose\b/.test(connection) : /\bkeep-alive\b/.test(connection);
  let framing: ResponseHead['framing'];
  const te = headers.get('transfer-encoding');
  const cl = headers.get('content-length');
  if (method === 'HEAD' || status === 204 || status === 304) framing = { kind: 'length', length: 0 };
  else if (te !== undefined) {
    if (!/(^|,)\s*chunked\s*$/i.test(te)) throw new Error(`unsupported transfer-encoding ${JSON.stringify(te)}`);
    framing = { kind: 'chunked' };
  } else if (cl !== undefined) {
    const values = new Set(cl.split(',').map((v) => v.trim()));
    const [only] = values;
    if (values.size !== 1 || !/^\d{1,15}$/.test(only!)) throw new Error(`bad content-length ${JSON.stringify(cl)}`);
    framing = { kind: 'length', length: Number(only) };
  } else {
    framing = { kind: 'close' };
    keepAlive = false;
  }
  return { status, headers, framing, keepAlive };
}
