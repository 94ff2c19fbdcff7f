/**
 * res.partner's stored computes that depend on the hierarchy: `commercial_partner_id` (the
 * company at the top, or the partner itself) and `complete_name` ("Company, Person"). Odoo
 * recomputes them for the written partners and all their descendants; so does this, and a
 * descendant whose `complete_name` changes gets a new `write_date` too, so delta sync sees it.
 */
import type { Queryable } from '../../store/db.ts';
import { OdooException } from '../errors.ts';

interface Node {
  id: number;
  parent_id: number | null;
  is_company: boolean;
  name: string | null;
  complete_name: string | null;
  commercial_partner_id: number | null;
}

export async function recomputePartnerHierarchy(tx: Queryable, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  // The written partners, their descendants and their ancestors: everything the computes read.
  const result = await tx.query<Node>(
    `WITH RECURSIVE down(id, depth) AS (
       SELECT id, 0 FROM res_partner WHERE id = ANY($1::int[])
       UNION SELECT c.id, down.depth + 1 FROM res_partner c JOIN down ON c.parent_id = down.id WHERE down.depth < 64
     ), up(id, depth) AS (
       SELECT parent_id, 0 FROM res_partner WHERE id = ANY($1::int[]) AND parent_id IS NOT NULL
       UNION SELECT p.parent_id, up.depth + 1 FROM res_partner p JOIN up ON p.id = up.id WHERE p.parent_id IS NOT NULL AND up.depth < 64
     )
     SELECT id, parent_id, is_company, name, complete_name, commercial_partner_id FROM res_partner
      WHERE id IN (SELECT id FROM down UNION SELECT id FROM up)`,
    [ids],
  );
  const nodes = new Map(result.rows.map((node) => [node.id, node]));
  // Odoo's `_check_parent_id` (`_has_cycle`): no partner may be its own ancestor, a company included.
  for (const id of ids) {
    const chain = new Set<number>();
    for (let node = nodes.get(id); node !== undefined; node = node.parent_id === null ? undefined : nodes.get(node.parent_id)) {
      if (chain.has(node.id)) throw new OdooException('odoo.exceptions.ValidationError', 'You cannot create recursive Partner hierarchies.');
      chain.add(node.id);
    }
  }
  const commercial = new Map<number, number>();
  const commercialOf = (node: Node, seen: Set<number>): number => {
    const known = commercial.get(node.id);
    if (known !== undefined) return known;
    if (seen.has(node.id)) throw new OdooException('odoo.exceptions.ValidationError', 'You cannot create recursive Partner hierarchies.');
    seen.add(node.id);
    const parent = node.parent_id === null ? undefined : nodes.get(node.parent_id);
    const value = node.is_company || parent === undefined ? node.id : commercialOf(parent, seen);
    commercial.set(node.id, value);
    return value;
  };
  const written = new Set(ids);
  for (const node of nodes.values()) {
    const commercialId = commercialOf(node, new Set());
    const parent = node.parent_id === null ? undefined : nodes.get(node.parent_id);
    const company = nodes.get(commercialId);
    const prefix = company !== undefined && company.id !== node.id ? company.name : parent?.name;
    const completeName = !node.is_company && parent !== undefined && prefix ? `${prefix}, ${node.name ?? ''}` : node.name;
    if (completeName === node.complete_name && commercialId === node.commercial_partner_id) continue;
    const stamp = written.has(node.id) || completeName === node.complete_name ? '' : `, write_date = (now() AT TIME ZONE 'UTC')::timestamp(0)`;
    await tx.query(`UPDATE res_partner SET complete_name = $2, commercial_partner_id = $3${stamp} WHERE id = $1`, [node.id, completeName, commercialId]);
  }
}
