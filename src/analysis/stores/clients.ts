import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { getOrmModel, type Orm, type OrmModel } from '../orm/index.js';
import { passedClientOf, type FileRef } from '../summaries/index.js';

const models = new WeakMap<Readonly<TSESLint.SourceCode>, OrmModel>();

/**
 * The file's ORM model, where a module factory's parameter that every caller in the project passes
 * a client (`module.exports = (bot, db) => …` with `register(bot, new PrismaClient())`: see
 * `factoryParameterClient`) is that client too. What the store races and `no-unguarded-decrement`
 * read ORM calls with; the file's own model knows only what the file proves.
 */
export function ormModelOf(file: FileRef): OrmModel {
  let model = models.get(file.sourceCode);
  if (!model) {
    const own = getOrmModel(file.sourceCode);
    const answers = new WeakMap<TSESTree.Node, Orm | null>();
    const clientOf = (node: TSESTree.Node): Orm | null => {
      let orm = answers.get(node);
      if (orm === undefined) {
        orm = own.clientOf(node);
        if (!orm) {
          const passed = passedClientOf(node, file);
          orm = passed === null || passed === 'pool' ? null : passed;
        }
        answers.set(node, orm);
      }
      return orm;
    };
    model = { ...own, clientOf };
    models.set(file.sourceCode, model);
  }
  return model;
}
