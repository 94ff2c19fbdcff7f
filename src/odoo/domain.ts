/** Odoo domains, built in the app: prefix notation with implicit AND between terms. */
export type DomainLeaf = readonly [string, string, unknown];
export type DomainTerm = DomainLeaf | '&' | '|' | '!';
export type Domain = readonly DomainTerm[];

/** `A or B or C` for leaves: n-1 `|` operators, then the leaves. */
export function anyOf(leaves: readonly DomainLeaf[]): Domain {
  if (leaves.length === 0) return [];
  return [...Array<'|'>(leaves.length - 1).fill('|'), ...leaves];
}

/** Joins domains with AND (Odoo ANDs the top-level terms of a domain). */
export function allOf(...domains: readonly Domain[]): Domain {
  return domains.flat();
}
