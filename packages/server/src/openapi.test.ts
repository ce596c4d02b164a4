import { Store, validateExpectedDigest } from '@arca/store';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createApp } from './createApp.js';
import { listRoutes } from './listRoutes.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

interface Spec {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown>; responses: Record<string, unknown>; parameters: Record<string, unknown> };
}

describe('openapi.yaml', () => {
  const spec = parse(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8')) as Spec;
  let dataDir: string;
  let store: Store;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'arca-server-test-'));
    store = Store.open(dataDir);
  });
  afterAll(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('describes exactly the routes the app serves', () => {
    const documented = Object.entries(spec.paths)
      .flatMap(([path, item]) => Object.keys(item).filter((k) => METHODS.includes(k)).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const served = listRoutes(createApp(store))
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    expect(served.length).toBeGreaterThanOrEqual(15);
    expect(documented).toEqual(served);
  });

  it('is OpenAPI 3.1 and every $ref resolves', () => {
    expect(spec.openapi).toBe('3.1.0');
    const refs = JSON.stringify(spec).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) {
      const target = r.slice(8, -1);
      expect(target.startsWith('#/')).toBe(true);
      let node: unknown = spec;
      for (const part of target.slice(2).split('/')) node = (node as Record<string, unknown>)?.[part];
      expect(node, target).toBeDefined();
    }
  });

  it('gives every operation an error response that uses the Error envelope', () => {
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!METHODS.includes(method) || path.endsWith('/health')) continue;
        const codes = Object.keys((op as { responses: Record<string, unknown> }).responses);
        expect(codes.some((c) => Number(c) >= 400), `${method} ${path}`).toBe(true);
      }
    }
  });

  it("describes an alias's expect as the server checks it (full digest or 12+ hex digits)", () => {
    const schemas = spec.components.schemas as Record<string, { pattern: string }>;
    const pattern = new RegExp(schemas.ExpectedDigest!.pattern);
    for (const sample of ['b3:' + 'a'.repeat(64), 'b3:' + 'a'.repeat(12), 'b3:' + 'a'.repeat(11), 'b3:' + 'A'.repeat(12), 'a'.repeat(64)]) {
      let accepted = true;
      try {
        validateExpectedDigest(sample);
      } catch {
        accepted = false;
      }
      expect(pattern.test(sample), sample).toBe(accepted);
    }
  });

  // A caller with no role in the team gets 404 `entity` on every route under it
  // (decision 017), and every body is checked for its media type before it is
  // read (decision 020): a client generated from this file must expect both.
  it('lists 404 under {entity} and 415 wherever a body is taken', () => {
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!METHODS.includes(method)) continue;
        const o = op as { responses: Record<string, unknown>; requestBody?: unknown };
        if (path.includes('{entity}')) expect(o.responses['404'], `${method} ${path} 404`).toBeDefined();
        if (o.requestBody !== undefined) expect(o.responses['415'], `${method} ${path} 415`).toBeDefined();
      }
    }
  });

  // Every route that reads a body reads at most its limit (jsonBody, requestBody) and answers
  // 413 PayloadTooLarge past it, however small the body it expects.
  it('lists 413 wherever a body is taken', () => {
    const missing: string[] = [];
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!METHODS.includes(method)) continue;
        const o = op as { responses: Record<string, unknown>; requestBody?: unknown };
        if (o.requestBody !== undefined && o.responses['413'] === undefined) missing.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
