import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real HTTPS server on 127.0.0.1 with a fresh self-signed certificate (made
 * by the openssl CLI), serving `files` (path -> bytes, ETag). Its certificate
 * is returned as `ca`: the trust root a client must be given explicitly.
 */
export async function startHttpsFiles(files: Map<string, { bytes: Buffer; etag?: string }>): Promise<{ url: string; ca: Buffer; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'arca-https-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    ], { stdio: 'ignore' });
    const key = readFileSync(join(dir, 'key.pem'));
    const cert = readFileSync(join(dir, 'cert.pem'));
    const server = createServer({ key, cert }, (req, res) => {
      const f = files.get(req.url ?? '');
      if (!f) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-length': f.bytes.length, ...(f.etag ? { etag: f.etag } : {}) }).end(f.bytes);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    return {
      url: `https://127.0.0.1:${port}`,
      ca: cert,
      close: () => new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
