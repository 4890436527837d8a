import { parse } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { rowSelectors } from '../../src/analysis/orm/index.js';

/** The source text of each value the expression statement's call selects its rows by. */
function selectors(code: string): string[] {
  const program = parse(code, { range: true });
  const statement = program.body[0] as TSESTree.ExpressionStatement;
  return rowSelectors(statement.expression).map((node) => code.slice(...node.range));
}

// The keys a per-user serialisation check compares with the acting user: which row a call picks.
describe('rowSelectors', () => {
  it('reads the criteria of TypeORM increments and decrements, not what knex decrements', () => {
    expect(selectors("repo.decrement({ id }, 'balance', 5)")).toEqual(['{ id }']);
    expect(selectors("manager.increment(User, { id }, 'balance', 5)")).toEqual(['{ id }']);
    expect(selectors("knex('users').where({ id }).decrement('balance', 5)")).toEqual(['{ id }']);
    expect(selectors('repo.decrement(criteria, column, 5)')).toEqual([]);
  });

  it('skips the entity of an EntityManager read', () => {
    expect(selectors('manager.findOneBy(User, { id })')).toEqual(['{ id }']);
    expect(selectors('manager.findOne(User, { where: { id } })')).toEqual(['{ id }']);
    expect(selectors('repo.findOneBy({ id })')).toEqual(['{ id }']);
    // A MongoDB filter and projection: the filter picks the document.
    expect(selectors('User.findOne(filter, { balance: 1 })')).toEqual(['filter']);
    expect(selectors('User.findOne(filter, projection)')).toEqual(['filter']);
  });
});
