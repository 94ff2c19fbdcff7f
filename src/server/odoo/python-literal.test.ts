import { describe, expect, it } from 'vitest';
import { parsePythonLiteral, PythonLiteralError } from './python-literal.ts';

describe('parsePythonLiteral', () => {
  it('reads the documented domain and fields shapes, tuples as arrays', () => {
    expect(parsePythonLiteral("[('is_company','=',True),('customer','=',True)]")).toEqual([
      ['is_company', '=', true],
      ['customer', '=', true],
    ]);
    expect(parsePythonLiteral("['name','email']")).toEqual(['name', 'email']);
    expect(parsePythonLiteral(`['|', ("name", "ilike", "O'Brien"), ('id', 'in', [1, 2.5, -3]), ('x', '=', None), ('y', '!=', False)]`)).toEqual([
      '|',
      ['name', 'ilike', "O'Brien"],
      ['id', 'in', [1, 2.5, -3]],
      ['x', '=', null],
      ['y', '!=', false],
    ]);
  });

  it('reads escapes and trailing commas as Python does', () => {
    expect(parsePythonLiteral("('a\\'b\\n\\x41\\u00e9', )")).toEqual(["a'b\nAé"]);
    expect(parsePythonLiteral('[]')).toEqual([]);
  });

  it('refuses anything that is not a literal: names, calls, operators, unfinished input', () => {
    for (const text of ["__import__('os').system('id')", "[('a','=',x)]", '[1 + 2]', "[('a','=',1)", "'open", '[1] [2]', 'true', '{}', '']) {
      expect(() => parsePythonLiteral(text), text).toThrow(PythonLiteralError);
    }
  });

  it('refuses input nested too deeply or too long', () => {
    expect(() => parsePythonLiteral('['.repeat(100) + ']'.repeat(100))).toThrow(/nested too deeply/);
    expect(() => parsePythonLiteral(`'${'a'.repeat(70_000)}'`)).toThrow(/longer than/);
  });
});
