import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { requiredModule, walkSameFunction } from './index.js';

/** Modules only browser code imports: UI frameworks and their client-side routers. */
const BROWSER_MODULE = /^(?:react(?:-[\w-]+)?|react-dom(?:\/.*)?|@react-[\w-]+\/.*|preact(?:\/.*)?|vue(?:-[\w-]+)?|svelte(?:\/.*)?|solid-js(?:\/.*)?|@angular\/.*|next\/(?:router|navigation|link|image|head|dynamic))$/;
/** Globals only a browser has. */
const BROWSER_GLOBALS = new Set(['window', 'document', 'localStorage', 'sessionStorage', 'navigator']);

/**
 * Whether a module is provably browser code: a `'use client'` directive, JSX, an import of a UI
 * framework (`react`, `react-toastify`, `vue`, `next/router`…), or a read of a browser-only global
 * (`window`, `document`, `localStorage`…) that no local binding shadows; `typeof window` alone is the
 * server's own check, not browser code.
 */
export function isBrowserModule(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const program = sourceCode.ast;
  const first = program.body[0];
  if (first?.type === AST_NODE_TYPES.ExpressionStatement && first.directive === 'use client') return true;
  const globalScope = sourceCode.scopeManager?.globalScope;
  // `typeof window === 'undefined'` is how server code checks it is NOT in a browser: only a real use
  // of the global makes a browser module.
  const isUse = (reference: TSESLint.Scope.Reference): boolean => {
    const parent = reference.identifier.parent;
    return !(parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'typeof');
  };
  // Unresolved, or resolved to a global the config declares (`globals.browser`): either way not a local.
  if (globalScope?.through.some((reference) => BROWSER_GLOBALS.has(reference.identifier.name) && isUse(reference))) return true;
  if (globalScope?.variables.some((variable) => BROWSER_GLOBALS.has(variable.name) && variable.defs.length === 0 && variable.references.some(isUse))) {
    return true;
  }
  let browser = false;
  walkSameFunction(
    program,
    (node: TSESTree.Node) => {
      if (browser) return false;
      if (node.type === AST_NODE_TYPES.JSXElement || node.type === AST_NODE_TYPES.JSXFragment) browser = true;
      else if (node.type === AST_NODE_TYPES.ImportDeclaration) browser = BROWSER_MODULE.test(node.source.value);
      else if (node.type === AST_NODE_TYPES.CallExpression) browser = BROWSER_MODULE.test(requiredModule(node) ?? '');
      return undefined;
    },
    { enterFunctions: true },
  );
  return browser;
}
