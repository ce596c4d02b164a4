import { describe, expect, it } from 'vitest';
import { ArcaError } from '../errors/ArcaError.js';
import { validateArtifactPath } from './validateArtifactPath.js';
import { errorOf } from '../testing/errorOf.js';

describe('validateArtifactPath', () => {
  it.each([
    'a',
    'model.bin',
    'weights/layer.0/kernel.npy',
    'a/b/c/d/e/f/g/h',
    'with space/and more spaces.txt',
    ' leading and trailing space ',
    'naïve/café/日本語/файл.txt',
    'emoji/\u{1f600}.png',
    '.hidden/.gitignore',
    '...',
    'a..b/c..',
    '..a/b.',
    'C',
    'a'.repeat(255),
    'é'.repeat(127) + 'a', // 255 bytes in UTF-8
    Array.from({ length: 16 }, () => 'b'.repeat(255)).join('/'), // 4095 bytes
  ])('accepts %j', (path) => {
    expect(() => validateArtifactPath(path)).not.toThrow();
  });

  it.each([
    ['empty', ''],
    ['absolute', '/etc/passwd'],
    ['absolute root', '/'],
    ['a ".." segment', '../x'],
    ['".." in the middle', 'a/../b'],
    ['".." at the end', 'a/..'],
    ['only ".."', '..'],
    ['a "." segment', './a'],
    ['"." in the middle', 'a/./b'],
    ['only "."', '.'],
    ['an empty segment', 'a//b'],
    ['a trailing slash', 'a/b/'],
    ['NUL', 'a\0b'],
    ['a backslash', 'a\\b'],
    ['a Windows parent', '..\\x'],
    ['a tab', 'a\tb'],
    ['a newline', 'a\nb'],
    ['a carriage return', 'a\rb'],
    ['an escape', '\x1b[31m'],
    ['DEL', 'a\x7fb'],
    ['\\x01', '\x01'],
    ['a drive letter', 'C:foo'],
    ['a drive root', 'c:/windows'],
    ['a bare drive', 'Z:'],
    ['a lowercase drive-relative path', 'x:y'],
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate', 'a/\udc00'],
    ['a reversed surrogate pair', '\ude00\ud83d'],
    ['a 256-byte segment', 'a'.repeat(256)],
    ['a 256-byte non-ASCII segment', 'é'.repeat(128)],
    ['a long segment deep down', 'a/b/' + 'c'.repeat(300) + '/d'],
    ['a path over 4096 bytes', Array.from({ length: 17 }, () => 'b'.repeat(255)).join('/')],
  ])('refuses %s', (_what, path) => {
    const e = errorOf(() => validateArtifactPath(path));
    expect(e.code).toBe('InvalidPath');
    expect(e.data.path).toBe(path);
  });

  it.each([undefined, null, 42, ['a'], { path: 'a' }])('refuses the non-string %j', (value) => {
    expect(errorOf(() => validateArtifactPath(value)).code).toBe('InvalidPath');
  });
});
