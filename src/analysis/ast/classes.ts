import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { enclosingClassBody } from './injection.js';
import { getPropertyName, propertyKey, skipTypeWrappers } from './nodes.js';
import { resolveVariable } from './scope.js';
import { walkSameFunction } from './walk.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

const instanceFields = new WeakMap<TSESTree.ClassBody, ReadonlyMap<string, TSESTree.Node | null>>();

/**
 * The value of each `this.x` a class sets exactly once: its field initializer, or the one `this.x = …`
 * assignment anywhere in the class (a field declared without a value, `private api: AxiosInstance;`,
 * is set by an assignment); null when set several times or compound (`+=`). Nested classes are their
 * own. Memoised per class body.
 */
export function classFieldValues(body: TSESTree.ClassBody): ReadonlyMap<string, TSESTree.Node | null> {
  const known = instanceFields.get(body);
  if (known) return known;
  const members = new Map<string, TSESTree.Node | null>();
  const record = (name: string | null, value: TSESTree.Node | null): void => {
    if (name === null) return;
    members.set(name, members.has(name) || !value ? null : value);
  };
  for (const element of body.body) {
    if (element.type === AST_NODE_TYPES.PropertyDefinition && element.value && !element.static && !element.computed && element.key.type === AST_NODE_TYPES.Identifier) {
      record(element.key.name, element.value);
    }
  }
  walkSameFunction(
    body,
    (node) => {
      if (node.type === AST_NODE_TYPES.ClassBody && node !== body) return false;
      if (node.type === AST_NODE_TYPES.AssignmentExpression && node.left.type === AST_NODE_TYPES.MemberExpression) {
        const left = node.left;
        if (left.object.type === AST_NODE_TYPES.ThisExpression) record(getPropertyName(left), node.operator === '=' ? node.right : null);
      }
      return undefined;
    },
    { enterFunctions: true },
  );
  instanceFields.set(body, members);
  return members;
}

/**
 * The value a class member provably holds: `this.x` in a class that sets `x` once (see
 * {@link classFieldValues}), or `C.X` of a class `C` declared in this file with a
 * `static readonly X = …` field. Anything else (a field set twice, a static field that may be
 * reassigned, a class from another module) gives null.
 */
export function classMemberValue(member: TSESTree.MemberExpression, sourceCode: SourceCode): TSESTree.Node | null {
  const name = getPropertyName(member);
  if (name === null) return null;
  const object = skipTypeWrappers(member.object);
  if (object.type === AST_NODE_TYPES.ThisExpression) {
    const body = enclosingClassBody(member);
    return body ? (classFieldValues(body).get(name) ?? null) : null;
  }
  if (object.type !== AST_NODE_TYPES.Identifier) return null;
  const def = resolveVariable(object, sourceCode)?.defs[0];
  if (def?.type !== TSESLint.Scope.DefinitionType.ClassName) return null;
  const field = def.node.body.body.find(
    (element): element is TSESTree.PropertyDefinition => element.type === AST_NODE_TYPES.PropertyDefinition && element.static && element.readonly && !element.computed && propertyKey(element) === name,
  );
  return field?.value ?? null;
}
