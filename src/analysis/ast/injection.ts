import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

/**
 * A field of a class that dependency injection (NestJS) fills with an instance of a class named by
 * its type: a constructor parameter property (`constructor(private readonly ocr: OcrService) {}`) or
 * a property declaration (`@Inject() ocr: OcrService`), typed with a plain name.
 */
export interface InjectedField {
  /** The field's name: `this.ocr`. */
  readonly key: string;
  /** The type it is declared with (`OcrService`, `Repository<User>`); its `typeName` is an identifier. */
  readonly type: TSESTree.TSTypeReference & { typeName: TSESTree.Identifier };
  /** Declared as a constructor parameter property (`parameter`) or as a property (`property`). */
  readonly declaredAs: 'parameter' | 'property';
  /** `private`, `protected`, `public`, or undefined when not written. */
  readonly accessibility: TSESTree.Accessibility | undefined;
}

/**
 * The fields of a class body typed with a class name, as dependency injection fills them (see
 * {@link InjectedField}); a computed key, a destructured or defaulted parameter, or a type that is not
 * a plain name (`Foo.Bar`, `typeof x`, a union) is none.
 */
export function injectedFields(body: TSESTree.ClassBody): InjectedField[] {
  const fields: InjectedField[] = [];
  for (const member of body.body) {
    if (member.type === AST_NODE_TYPES.PropertyDefinition) {
      const type = namedType(member.typeAnnotation);
      if (type && !member.computed && member.key.type === AST_NODE_TYPES.Identifier) fields.push({ key: member.key.name, type, declaredAs: 'property', accessibility: member.accessibility });
      continue;
    }
    if (member.type !== AST_NODE_TYPES.MethodDefinition || member.kind !== 'constructor') continue;
    for (const param of member.value.params) {
      if (param.type !== AST_NODE_TYPES.TSParameterProperty || param.parameter.type !== AST_NODE_TYPES.Identifier) continue;
      const type = namedType(param.parameter.typeAnnotation);
      if (type) fields.push({ key: param.parameter.name, type, declaredAs: 'parameter', accessibility: param.accessibility });
    }
  }
  return fields;
}

function namedType(annotation: TSESTree.TSTypeAnnotation | undefined): InjectedField['type'] | null {
  const type = annotation?.typeAnnotation;
  return type?.type === AST_NODE_TYPES.TSTypeReference && type.typeName.type === AST_NODE_TYPES.Identifier ? (type as InjectedField['type']) : null;
}

/** The class body a node is written in (the nearest one), or null. */
export function enclosingClassBody(node: TSESTree.Node): TSESTree.ClassBody | null {
  let current: TSESTree.Node | undefined = node.parent;
  while (current && current.type !== AST_NODE_TYPES.ClassBody) current = current.parent;
  return current ?? null;
}

/** The body of the class whose instance `this` is where `member` (`this.x`, or `this` itself) is read; null outside a class or under a `function` that rebinds `this`. */
export function thisClassBody(member: TSESTree.Node): TSESTree.ClassBody | null {
  return thisClassElement(member)?.parent ?? null;
}

/** A member of a class body (never of an interface or a type literal). */
export type ClassMember = TSESTree.ClassElement & { readonly parent: TSESTree.ClassBody };

/**
 * The member of a class body (a method, a field, a static block…) in which `member` (`this.x`, or `this`
 * itself) is read and whose `this` it is: the instance in a method or field that is not `static`, the
 * class itself in a `static` one ({@link isStaticElement}). Null outside a class or under a `function`
 * that rebinds `this`.
 */
export function thisClassElement(member: TSESTree.Node): ClassMember | null {
  let node: TSESTree.Node | undefined = member;
  // An arrow keeps the enclosing `this`; a function expression or declaration does not (unless it is the method itself:
  // an object literal's method, `{ call() { … } }`, binds `this` to the object).
  let crossed = false;
  while (node.parent && node.parent.type !== AST_NODE_TYPES.ClassBody) {
    node = node.parent;
    if (node.type === AST_NODE_TYPES.FunctionExpression || node.type === AST_NODE_TYPES.FunctionDeclaration) {
      const isMethod = node.parent?.type === AST_NODE_TYPES.MethodDefinition;
      if (!isMethod || crossed) return null;
      crossed = true;
    }
  }
  return node.parent ? (node as ClassMember) : null;
}

/** Whether `this` in a class member is the class itself (a `static` method, field or block), not an instance. */
export function isStaticElement(element: TSESTree.ClassElement): boolean {
  return element.type === AST_NODE_TYPES.StaticBlock || element.static;
}
