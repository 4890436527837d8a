import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { constInitializer, getMemberPath, getPropertyName, moduleBindings, outermostWrapper, propertyKey, resolveVariable, skipTypeWrappers } from '../ast/index.js';
import { calledFunction, type FileRef } from '../summaries/index.js';

const MAX_DEPTH = 6;

/**
 * Bot API methods that reject bytes which are not an image: Telegram answers 400
 * (`IMAGE_PROCESS_FAILED`, `wrong file identifier/HTTP URL specified`) and the call throws.
 * `sendDocument` is not one: a document accepts any bytes.
 */
const IMAGE_METHODS = new Set(['replyWithPhoto', 'sendPhoto', 'replyWithSticker', 'sendSticker']);

/**
 * Whether the bytes a response read gives (`res.arrayBuffer()`, `res.blob()`) reach only consumers
 * that reject what is not an image, so an error page throws there as a status check would:
 * `ctx.replyWithPhoto({ source: buf })`, `bot.sendPhoto(id, buf)`, `sharp(buf)`, `Jimp.read(buf)`,
 * OpenAI's `images.edit({ image })`. The bytes are followed through `await`, `Buffer.from`,
 * `new Uint8Array`, Telegraf's `{ source }` and `Input.fromBuffer`, grammY's `new InputFile`,
 * OpenAI's `toFile`, `const` names (every read; logging one does not count) and parameters of
 * project functions (see `calledFunction`). Any other use — a document, a reply's text, a store —
 * gives false.
 */
export function reachesOnlyImageConsumers(node: TSESTree.Node, file: FileRef, isLogged: (identifier: TSESTree.Node) => boolean): boolean {
  return reachesOnly(node, file, isLogged, false, 0);
}

/**
 * Whether the bytes reach only parsers of a format (see {@link reachesOnlyImageConsumers}), which
 * throw on an HTML or JSON error page: the image consumers, and document parsers — pdf-parse
 * (`pdf(buf)`), mammoth (`mammoth.extractRawText({ buffer })`), pdf-lib (`PDFDocument.load(buf)`,
 * `doc.embedPng(buf)` / `embedJpg` / `embedPdf` on a document `PDFDocument.create()` or `load` gave).
 * Where the failure goes is the caller's question.
 */
export function reachesOnlyParsers(node: TSESTree.Node, file: FileRef, isLogged: (identifier: TSESTree.Node) => boolean): boolean {
  return reachesOnly(node, file, isLogged, true, 0);
}

function reachesOnly(node: TSESTree.Node, file: FileRef, isLogged: (identifier: TSESTree.Node) => boolean, documents: boolean, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  const value = outermostWrapper(node);
  const parent = value.parent!;
  const next = (target: TSESTree.Node, targetFile = file): boolean => reachesOnly(target, targetFile, isLogged, documents, depth + 1);
  switch (parent.type) {
    case AST_NODE_TYPES.AwaitExpression:
      return next(parent);
    case AST_NODE_TYPES.Property: {
      if (parent.value !== value || parent.parent.type !== AST_NODE_TYPES.ObjectExpression) return false;
      const key = propertyKey(parent);
      if (key === 'source') return next(parent.parent); // Telegraf's `{ source: buf }`
      if (key === 'buffer' && documents) return isMammothInput(parent.parent, file);
      return key === 'image' && isImageEdit(parent.parent);
    }
    case AST_NODE_TYPES.VariableDeclarator: {
      if (parent.init !== value || parent.id.type !== AST_NODE_TYPES.Identifier) return false;
      const variable = file.sourceCode.getDeclaredVariables(parent)[0]!;
      const uses = variable.references.filter((reference) => !reference.init && !isLogged(reference.identifier));
      return uses.length > 0 && uses.every((reference) => reference.isReadOnly() && next(reference.identifier));
    }
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression: {
      if (!(parent.arguments as TSESTree.Node[]).includes(value)) return false;
      if (isImageConsumer(parent, file) || (documents && parent.arguments[0] === value && isDocumentParser(parent, file))) return true;
      if (carriesBytes(parent, file)) return next(parent);
      return parent.type === AST_NODE_TYPES.CallExpression && parameterReachesOnlyImageConsumers(parent, value, file, next);
    }
    default:
      return false;
  }
}

/** pdf-lib's methods of a document that parse an image or a PDF from bytes. */
const PDF_LIB_EMBEDS = new Set(['embedPng', 'embedJpg', 'embedPdf']);

/** `pdf(buf)` of pdf-parse, pdf-lib's `PDFDocument.load(buf)` or `doc.embedPng(buf)` on a pdf-lib document: parsers that throw on bytes not in their format. */
function isDocumentParser(call: TSESTree.CallExpression | TSESTree.NewExpression, file: FileRef): boolean {
  if (call.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipTypeWrappers(call.callee);
  const path = getMemberPath(callee);
  if (path?.length === 1) return bindingOf(path[0], file)?.module === 'pdf-parse';
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const method = getPropertyName(callee);
  if (method === 'load') return isPdfDocumentClass(callee.object, file);
  if (method === null || !PDF_LIB_EMBEDS.has(method)) return false;
  // `const doc = await PDFDocument.create()` (or `load(…)`): the receiver is a pdf-lib document.
  const receiver = skipTypeWrappers(callee.object);
  let init: TSESTree.Node | null = receiver.type === AST_NODE_TYPES.Identifier ? constInitializer(receiver, file.sourceCode) : null;
  if (init?.type === AST_NODE_TYPES.AwaitExpression) init = skipTypeWrappers(init.argument);
  const creator = init?.type === AST_NODE_TYPES.CallExpression ? skipTypeWrappers(init.callee) : null;
  return creator?.type === AST_NODE_TYPES.MemberExpression && ['create', 'load'].includes(getPropertyName(creator) ?? '') && isPdfDocumentClass(creator.object, file);
}

/**
 * `PDFDocument` imported from pdf-lib: named, a member of its namespace or default import
 * (`lib.PDFDocument`), or taken out of the default import (`import pkg from 'pdf-lib'; const { PDFDocument } = pkg`).
 */
function isPdfDocumentClass(node: TSESTree.Node, file: FileRef): boolean {
  const value = skipTypeWrappers(node);
  const path = getMemberPath(value);
  if (path === null || path.at(-1) !== 'PDFDocument') return false;
  if (bindingOf(path[0], file)?.module === 'pdf-lib') return true;
  const def = value.type === AST_NODE_TYPES.Identifier ? resolveVariable(value, file.sourceCode)?.defs[0] : undefined;
  const from = def?.type === TSESLint.Scope.DefinitionType.Variable && def.node.id.type === AST_NODE_TYPES.ObjectPattern ? def.node.init : null;
  return from?.type === AST_NODE_TYPES.Identifier && bindingOf(from.name, file)?.module === 'pdf-lib';
}

/** The options of mammoth's `extractRawText({ buffer })` / `convertToHtml` / `convertToMarkdown`. */
function isMammothInput(object: TSESTree.ObjectExpression, file: FileRef): boolean {
  const call = object.parent;
  if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== object) return false;
  const path = getMemberPath(skipTypeWrappers(call.callee));
  return path?.length === 2 && ['extractRawText', 'convertToHtml', 'convertToMarkdown'].includes(path[1]!) && bindingOf(path[0], file)?.module === 'mammoth';
}

/** The module a top-level name of the file is bound to, and the export it names. */
function bindingOf(name: string | undefined, file: FileRef): { module: string; imported: string } | undefined {
  return name === undefined ? undefined : moduleBindings(file.sourceCode.ast).get(name);
}

/** `sharp(buf)`, `Jimp.read(buf)`, `ctx.replyWithPhoto(…)`, `bot.telegram.sendPhoto(id, …)`. */
function isImageConsumer(call: TSESTree.CallExpression | TSESTree.NewExpression, file: FileRef): boolean {
  const callee = skipTypeWrappers(call.callee);
  if (call.type === AST_NODE_TYPES.CallExpression && callee.type === AST_NODE_TYPES.MemberExpression && IMAGE_METHODS.has(String(getPropertyName(callee)))) return true;
  const path = getMemberPath(callee);
  if (path === null) return false;
  const binding = bindingOf(path[0], file);
  if (path.length === 1) return binding?.module === 'sharp';
  return path.length === 2 && path[1] === 'read' && binding?.module === 'jimp';
}

/** Calls whose result holds the same bytes: `Buffer.from(x)`, `new Uint8Array(x)`, `Input.fromBuffer(x)`, `new InputFile(x)`, `toFile(x, name)`. */
function carriesBytes(call: TSESTree.CallExpression | TSESTree.NewExpression, file: FileRef): boolean {
  const path = getMemberPath(skipTypeWrappers(call.callee))?.join('.');
  if (path === 'Buffer.from' || (call.type === AST_NODE_TYPES.NewExpression && path === 'Uint8Array')) return true;
  const [head, member] = path?.split('.') ?? [];
  const binding = bindingOf(head, file);
  if (binding?.module === 'telegraf') return binding.imported === 'Input' && member === 'fromBuffer';
  if (binding?.module === 'grammy') return binding.imported === 'InputFile' && member === undefined && call.type === AST_NODE_TYPES.NewExpression;
  return binding?.module === 'openai' && binding.imported === 'toFile' && member === undefined;
}

/** The options object of OpenAI's `client.images.edit({ image, prompt })` / `images.createVariation({ image })`. */
function isImageEdit(object: TSESTree.ObjectExpression): boolean {
  const call = object.parent;
  if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== object) return false;
  const path = getMemberPath(skipTypeWrappers(call.callee));
  return path !== null && path.at(-2) === 'images' && (path.at(-1) === 'edit' || path.at(-1) === 'createVariation');
}

/** A project function the bytes are passed to, whose parameter reaches only image consumers: `makeStickerBuffer(buf)`. */
function parameterReachesOnlyImageConsumers(
  call: TSESTree.CallExpression,
  argument: TSESTree.Node,
  file: FileRef,
  next: (target: TSESTree.Node, targetFile: FileRef) => boolean,
): boolean {
  const target = calledFunction(call, file);
  const parameter = target?.fn.params[call.arguments.indexOf(argument as TSESTree.CallExpressionArgument)];
  if (!target || parameter?.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = target.file.sourceCode.getDeclaredVariables(target.fn).find((candidate) => candidate.identifiers.includes(parameter));
  const uses = variable!.references;
  return uses.length > 0 && uses.every((reference) => reference.isReadOnly() && next(reference.identifier, target.file));
}
