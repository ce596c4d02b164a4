import { describe, expect, it } from 'vitest';
import { ArcaError } from '../errors/ArcaError.js';
import { formatCollectionName } from './formatCollectionName.js';
import { parseCollectionName, REGISTRY_PROJECT } from './parseCollectionName.js';
import { parseRef } from './parseRef.js';
import { validateAlias } from './validateAlias.js';
import { validateName } from './validateName.js';
import { errorOf } from '../testing/errorOf.js';

const FULL = 'af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262';

describe('parseRef', () => {
  it.each([
    ['e/p/name', { entity: 'e', project: 'p', name: 'name', selector: { kind: 'alias', alias: 'latest' } }],
    ['e/p/name:latest', { entity: 'e', project: 'p', name: 'name', selector: { kind: 'alias', alias: 'latest' } }],
    ['e/p/name:v12', { entity: 'e', project: 'p', name: 'name', selector: { kind: 'number', number: 12 } }],
    ['e/p/name:v0', { entity: 'e', project: 'p', name: 'name', selector: { kind: 'number', number: 0 } }],
    ['e/p/name:v999999999', { entity: 'e', project: 'p', name: 'name', selector: { kind: 'number', number: 999999999 } }],
    ['e/p/name:best', { entity: 'e', project: 'p', name: 'name', selector: { kind: 'alias', alias: 'best' } }],
    [
      'e/model-registry/Nature Classifier:production',
      { entity: 'e', project: 'model-registry', name: 'Nature Classifier', selector: { kind: 'alias', alias: 'production' } },
    ],
    ['e/p/name@b3:abcdef12', { entity: 'e', project: 'p', name: 'name', selector: { kind: 'digest', prefix: 'abcdef12' } }],
    ['e/p/name@b3:abcdef', { entity: 'e', project: 'p', name: 'name', selector: { kind: 'digest', prefix: 'abcdef' } }],
    [`e/p/name@b3:${FULL}`, { entity: 'e', project: 'p', name: 'name', selector: { kind: 'digest', prefix: FULL } }],
    [
      'my-team/proj.1/data_set-v2:rc-1.2_final',
      { entity: 'my-team', project: 'proj.1', name: 'data_set-v2', selector: { kind: 'alias', alias: 'rc-1.2_final' } },
    ],
  ])('parses %s', (ref, expected) => {
    expect(parseRef(ref)).toEqual(expected);
  });

  it('names the model registry project', () => {
    expect(REGISTRY_PROJECT).toBe('model-registry');
  });

  it.each([
    ['a bad entity character', 'e!/p/name'],
    ['a space in the entity', 'my team/p/name'],
    ['an entity starting with "-"', '-e/p/name'],
    ['a bad project character', 'e/p$/name'],
    ['an empty entity', '/p/name'],
    ['an empty name', 'e/p/'],
    ['two segments', 'e/name'],
    ['two segments with a selector', 'e/name:v1'],
    ['four segments', 'e/p/q/name'],
    ['four segments with a selector', 'e/p/q/name:best'],
    ['one segment', 'name'],
    ['a digest prefix of 5', 'e/p/name@b3:abcde'],
    ['a digest of 65', `e/p/name@b3:${FULL}0`],
    ['an uppercase digest', 'e/p/name@b3:ABCDEF12'],
    ['a digest without b3:', 'e/p/name@abcdef12'],
    ['a non-hex digest', 'e/p/name@b3:abcdefgh'],
    ['an empty selector', 'e/p/name:'],
    ['an empty digest', 'e/p/name@'],
    ['a selector with a slash', 'e/p/name:feature/x'],
    ['a reserved-looking number', 'e/p/name:v012'],
    ['a number too large', 'e/p/name:v1234567890'],
    ['an alias with ".."', 'e/p/name:a..b'],
    ['an alias ending ".lock"', 'e/p/name:prod.lock'],
    ['an alias starting "."', 'e/p/name:.hidden'],
    ['a name with two spaces', 'e/p/Nature  Classifier'],
    ['a name with a trailing space', 'e/p/Nature '],
    ['a name ending ".lock"', 'e/p/name.lock'],
    ['a name with ".."', 'e/p/a..b'],
  ])('refuses %s with InvalidName', (_what, ref) => {
    const e = errorOf(() => parseRef(ref));
    expect(e.code).toBe('InvalidName');
  });

  it('says which part is invalid', () => {
    expect(errorOf(() => parseRef('e!/p/name')).data).toMatchObject({ kind: 'entity', name: 'e!' });
    expect(errorOf(() => parseRef('e/p$/name')).data).toMatchObject({ kind: 'project', name: 'p$' });
    expect(errorOf(() => parseRef('e/name')).data).toMatchObject({ kind: 'collection', name: 'e/name' });
    expect(errorOf(() => parseRef('e/p/name@b3:abcde')).data).toMatchObject({ kind: 'ref', name: 'e/p/name@b3:abcde' });
    expect(errorOf(() => parseRef('e/p/name:a..b')).data).toMatchObject({ kind: 'alias', name: 'a..b' });
    // A version number out of range is a bad version, not a "reserved" alias.
    expect(errorOf(() => parseRef('e/p/name:v1234567890')).data).toMatchObject({ kind: 'ref', name: 'e/p/name:v1234567890' });
    expect(errorOf(() => parseRef('e/p/name:v012')).message).toContain('a version is v and a number from 0 to 999999999');
  });

  it('refuses a non-string', () => {
    expect(errorOf(() => parseRef(42 as unknown as string)).code).toBe('InvalidName');
  });
});

describe('collection names', () => {
  it('round-trips through format and parse', () => {
    const c = { entity: 'e', project: REGISTRY_PROJECT, name: 'Nature Classifier' };
    expect(formatCollectionName(c)).toBe('e/model-registry/Nature Classifier');
    expect(parseCollectionName(formatCollectionName(c))).toEqual(c);
  });

  it('a version ref where a collection is meant is InvalidName of the collection', () => {
    for (const text of ['e/p/classifier:v1', 'e/p/classifier@b3:abcdef']) {
      expect(errorOf(() => parseCollectionName(text))).toMatchObject({ code: 'InvalidName', data: { kind: 'collection', name: text } });
    }
  });

  it('bounds the lengths', () => {
    expect(() => validateName('entity', 'a'.repeat(64))).not.toThrow();
    expect(errorOf(() => validateName('entity', 'a'.repeat(65))).code).toBe('InvalidName');
    expect(() => validateName('name', 'a'.repeat(128))).not.toThrow();
    expect(errorOf(() => validateName('name', 'a'.repeat(129))).code).toBe('InvalidName');
    expect(errorOf(() => validateName('name', '')).code).toBe('InvalidName');
    expect(errorOf(() => validateName('project', 'a b')).code).toBe('InvalidName');
  });
});

describe('validateAlias', () => {
  it.each(['best', 'production', 'a', '_x', '-x', 'v', 'v1a', 'vx', 'V3', 'latest2', 'x.y', 'a-b_c.d', 'a'.repeat(128)])(
    'accepts %j',
    (alias) => {
      expect(() => validateAlias(alias)).not.toThrow();
    },
  );

  it.each([
    ['latest', 'reserved'],
    ['v3', 'reserved'],
    ['v0', 'reserved'],
    ['v012', 'reserved'],
    ['a..b', '..'],
    ['..', '..'],
    ['.hidden', 'leading .'],
    ['trailing.', 'trailing .'],
    ['prod.lock', '.lock'],
    ['', 'empty'],
    ['a b', 'space'],
    ['a/b', 'slash'],
    ['a:b', 'colon'],
    ['a@b', 'at'],
    ['a~b', 'tilde'],
    ['a^b', 'caret'],
    ['a*b', 'star'],
    ['é', 'non-ASCII'],
    ['a'.repeat(129), 'too long'],
  ])('refuses %j (%s) with InvalidName', (alias) => {
    const e = errorOf(() => validateAlias(alias));
    expect(e.code).toBe('InvalidName');
    expect(e.data).toMatchObject({ kind: 'alias', name: alias });
  });

  it('refuses a non-string', () => {
    expect(errorOf(() => validateAlias(undefined)).code).toBe('InvalidName');
  });
});
