import { describe, expect, it } from 'vitest';
import { pyRepr, pyReprShort, pyStr, pyStrShort, pyTupleRepr, pyTypeName } from './python-repr.ts';

describe('pyRepr', () => {
  it('prints a domain leaf as Python prints the tuple (odoo-wire 08e)', () => {
    expect(pyTupleRepr(['no_such_field', '=', 1])).toBe("('no_such_field', '=', 1)");
    expect(pyTupleRepr(['a', 'in', [false, true, null, 1.5, { k: 'v' }]])).toBe("('a', 'in', [False, True, None, 1.5, {'k': 'v'}])");
    expect(pyTupleRepr(['x'])).toBe("('x',)");
  });

  it('quotes strings the way Python does', () => {
    expect(pyRepr("it's")).toBe('"it\'s"');
    expect(pyRepr('say "hi"')).toBe("'say \"hi\"'");
    expect(pyRepr('both \' and "')).toBe("'both \\' and \"'");
    expect(pyRepr('a\\b\nc\u0001')).toBe("'a\\\\b\\nc\\x01'");
    expect(pyRepr('héllo')).toBe("'héllo'");
  });

  it('prints numbers like Python ints and floats', () => {
    expect(pyRepr(42)).toBe('42');
    expect(pyRepr(-0.5)).toBe('-0.5');
    expect(pyRepr(1e-7)).toBe('1e-07');
    expect(pyRepr(2 ** 60)).toBe('1152921504606846976');
  });

  it('leaves strings bare in str() and names JSON types as Python does', () => {
    expect(pyStr('or')).toBe('or');
    expect(pyStr(['or'])).toBe("['or']");
    expect([null, true, 'a', 1, 1.5, [], {}].map(pyTypeName)).toEqual(['NoneType', 'bool', 'str', 'int', 'float', 'list', 'dict']);
  });
});

describe('pyReprShort', () => {
  it('is pyRepr for values that fit', () => {
    const value = ['a', 1, 1.5, null, true, { k: ["it's"] }];
    expect(pyReprShort(value)).toBe(pyRepr(value));
    expect(pyStrShort('or')).toBe('or');
  });

  it('cuts long values to the limit and marks the cut', () => {
    expect(pyReprShort('x'.repeat(1_000_000))).toBe(`'${'x'.repeat(199)}...`);
    expect(pyReprShort('abcdef', 4)).toBe("'abc...");
    expect(pyStrShort('abcdef', 4)).toBe('abcd...');
    expect(pyReprShort(Array.from({ length: 100_000 }, (_, i) => i), 10)).toBe('[0, 1, 2, ...');
    expect(pyReprShort({ a: 'x'.repeat(50), b: 1 }, 8)).toBe("{'a': 'x...");
    // Never half a surrogate pair.
    expect(pyReprShort('😀😀😀', 2)).toBe("'...");
    expect(pyReprShort('😀😀😀', 3)).toBe("'😀...");
  });

  it('stops walking a deeply nested value once the budget is spent', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(pyReprShort(deep, 20)).toBe(`${'['.repeat(20)}...`);
  });

  it('quotes each item of a leaf tuple as pyReprShort', () => {
    expect(pyTupleRepr(['name', '=', 'x'.repeat(300)])).toBe(`('name', '=', '${'x'.repeat(199)}...)`);
  });
});
