import { describe, expect, it } from 'vitest';
import { AliasConflictError } from './AliasConflictError.js';
import { AmbiguousRefError } from './AmbiguousRefError.js';
import { ArcaError } from './ArcaError.js';
import { CorruptObjectError } from './CorruptObjectError.js';
import { DigestMismatchError } from './DigestMismatchError.js';
import { errorFromJson } from './errorFromJson.js';
import { InvalidArgumentError } from './InvalidArgumentError.js';
import { InvalidNameError } from './InvalidNameError.js';
import { InvalidPathError } from './InvalidPathError.js';
import { MissingObjectsError } from './MissingObjectsError.js';
import { NotFoundError } from './NotFoundError.js';
import { TypeMismatchError } from './TypeMismatchError.js';
import { UnauthenticatedError } from './UnauthenticatedError.js';
import { ForbiddenError } from './ForbiddenError.js';
import { AlreadyExistsError } from './AlreadyExistsError.js';

const D = 'b3:' + 'a'.repeat(64);

const cases: [ArcaError, string, Record<string, unknown>][] = [
  [new AliasConflictError('e/p/n', 'prod', D, null), 'AliasConflict', { collection: 'e/p/n', alias: 'prod', expected: D, actual: null }],
  [new AmbiguousRefError('e/p/n@b3:aaaaaa', [D, D]), 'AmbiguousRef', { ref: 'e/p/n@b3:aaaaaa', matches: [D, D] }],
  [new CorruptObjectError(D, 'bad'), 'CorruptObject', { digest: D, reason: 'bad' }],
  [new DigestMismatchError('chunk', D, 'b3:x'), 'DigestMismatch', { what: 'chunk', expected: D, actual: 'b3:x' }],
  [new InvalidArgumentError('size', 'negative'), 'InvalidArgument', { argument: 'size', reason: 'negative' }],
  [new InvalidNameError('alias', 'a..b', 'no'), 'InvalidName', { kind: 'alias', name: 'a..b', reason: 'no' }],
  [new InvalidPathError('../x', 'up'), 'InvalidPath', { path: '../x', reason: 'up' }],
  [new MissingObjectsError([D]), 'MissingObjects', { missing: [D] }],
  [new NotFoundError('collection', 'e/p/n'), 'NotFound', { kind: 'collection', name: 'e/p/n' }],
  [new TypeMismatchError('e/p/n', 'model', 'dataset'), 'TypeMismatch', { collection: 'e/p/n', expected: 'model', actual: 'dataset' }],
  [new UnauthenticatedError('revoked'), 'Unauthenticated', { reason: 'revoked' }],
  [new ForbiddenError('move alias production', 'admin', 'acme'), 'Forbidden', { action: 'move alias production', needed: 'admin', entity: 'acme' }],
  [new AlreadyExistsError('team', 'acme'), 'AlreadyExists', { kind: 'team', name: 'acme' }],
];

describe('typed errors', () => {
  it.each(cases)('%s has its code and data', (err, code, data) => {
    expect(err).toBeInstanceOf(ArcaError);
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe(code);
    expect((err.constructor as unknown as { code: string }).code).toBe(code);
    expect(err.name).toBe(err.constructor.name);
    expect(err.data).toEqual(data);
  });

  it.each(cases)('%s survives JSON and errorFromJson with its code and data', (err, code, data) => {
    const wire = JSON.parse(JSON.stringify({ error: err })) as unknown;
    const back = errorFromJson(wire, 'HTTP 500');
    expect(back).toBeInstanceOf(ArcaError);
    expect(back.code).toBe(code);
    expect(back.data).toEqual(data);
    expect(back.message).toBe(err.message);
  });

  it.each([
    [new NotFoundError('entity', 'acme'), NotFoundError],
    [new UnauthenticatedError('missing'), UnauthenticatedError],
    [new ForbiddenError('log', 'writable-key'), ForbiddenError],
  ] as const)('rebuilds %s as its own class, keeping the message sent', (err, cls) => {
    const wire = JSON.parse(JSON.stringify({ error: { ...err.toJSON(), message: 'as the server said it' } })) as unknown;
    const back = errorFromJson(wire, 'HTTP 500');
    expect(back).toBeInstanceOf(cls);
    expect([back.code, back.message, back.data]).toEqual([err.code, 'as the server said it', err.data]);
  });

  it('keeps only the first 100 missing objects in data', () => {
    const many = Array.from({ length: 250 }, (_, i) => `b3:${i.toString(16).padStart(64, '0')}`);
    expect(new MissingObjectsError(many).data.missing).toEqual(many.slice(0, 100));
  });

  it.each([null, undefined, 'text', {}, { error: null }, { error: { code: 42 } }, { error: 'NotFound' }])(
    'turns the unrecognized body %j into Unexpected with the fallback message',
    (body) => {
      const e = errorFromJson(body, 'HTTP 502');
      expect(e.code).toBe('Unexpected');
      expect(e.message).toBe('HTTP 502');
      expect(e.data).toEqual({});
    },
  );

  it('tolerates a missing message or non-object data', () => {
    const e = errorFromJson({ error: { code: 'NotFound', data: 'x' } }, 'fallback');
    expect([e.code, e.message, e.data]).toEqual(['NotFound', 'fallback', {}]);
  });
});
