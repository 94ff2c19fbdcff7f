import { describe, expect, it } from 'vitest';
import { pyRepr, pyStr, pyTupleRepr, pyTypeName } from './python-repr.ts';

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
