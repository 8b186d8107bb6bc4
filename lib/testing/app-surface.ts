import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * What app/ exposes to a browser, read from the sources (never imported: lib/ does not import app/):
 * server actions, route handlers and pages with ids in their path. The isolation tests require a case
 * for each, so a new one without a case fails them.
 */
export const repoRoot = path.resolve(import.meta.dirname, '../..');

export interface AppFunction {
  /** `app/…/file.ts#exportName`. */
  key: string;
  file: string;
  name: string;
  /** Identifiers called anywhere in the function, e.g. `runAction`, `revokeApiKey`. */
  calls: Set<string>;
  /** Identifiers handed on uncalled: call arguments (`routeHandler(getActivity)`) and `export const POST = x`. */
  handed: Set<string>;
}

export interface AppFile {
  file: string;
  /** Local identifier → module it is imported from (`@/lib/api-keys/revoke-api-key`). */
  imports: Map<string, string>;
  functions: AppFunction[];
}

function walk(dir: string, keep: (file: string) => boolean): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full, keep);
    return keep(full) ? [full] : [];
  });
}

const relative = (file: string) => path.relative(repoRoot, file).split(path.sep).join('/');

function parse(file: string) {
  return ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
}

const isDirective = (statement: ts.Statement, text: string) =>
  ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression) && statement.expression.text === text;

function hasDirective(body: ts.Node | undefined, text: string): boolean {
  return Boolean(body && ts.isBlock(body) && body.statements.some((s) => isDirective(s, text)));
}

function callsIn(node: ts.Node): { calls: Set<string>; handed: Set<string> } {
  const calls = new Set<string>();
  const handed = new Set<string>();
  const visit = (child: ts.Node) => {
    if (ts.isCallExpression(child)) {
      if (ts.isIdentifier(child.expression)) calls.add(child.expression.text);
      for (const argument of child.arguments) if (ts.isIdentifier(argument)) handed.add(argument.text);
    }
    // `export const POST = serveCliRequest`: the function is handed to Next.js as it is.
    if (ts.isVariableDeclaration(child) && child.initializer && ts.isIdentifier(child.initializer)) {
      handed.add(child.initializer.text);
    }
    ts.forEachChild(child, visit);
  };
  visit(node);
  return { calls, handed };
}

function importsOf(source: ts.SourceFile): Map<string, string> {
  const imports = new Map<string, string>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const from = statement.moduleSpecifier.text;
    const clause = statement.importClause;
    if (clause?.name) imports.set(clause.name.text, from);
    const bindings = clause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) imports.set(el.name.text, from);
  }
  return imports;
}

const exported = (node: ts.Node) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** Exported functions of a module: declarations and `const x = async () => …`. Other export forms throw. */
function exportedFunctions(source: ts.SourceFile, file: string) {
  const functions: Array<{ name: string; node: ts.Node; body: ts.Node | undefined }> = [];
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && exported(statement) && statement.name) {
      functions.push({ name: statement.name.text, node: statement, body: statement.body });
    } else if (ts.isVariableStatement(statement) && exported(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer;
        if (!ts.isIdentifier(declaration.name)) throw new Error(`${file}: destructured export`);
        const body = init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ? init.body : undefined;
        functions.push({ name: declaration.name.text, node: declaration, body });
      }
    } else if (ts.isExportAssignment(statement)) {
      functions.push({ name: 'default', node: statement, body: undefined });
    } else if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      if (statement.moduleSpecifier || !clause || !ts.isNamedExports(clause)) {
        throw new Error(`${file}: export … from is not read by the isolation tests; export functions directly`);
      }
      // `export { handler as GET }`: what it calls is read from the whole file.
      for (const el of clause.elements) functions.push({ name: el.name.text, node: source, body: undefined });
    }
  }
  return functions;
}

/**
 * Every server action under app/: each export of a file starting with 'use server', and each
 * function anywhere in app/ whose body starts with 'use server' (inline actions).
 */
export function serverActions(): AppFile[] {
  return walk(path.join(repoRoot, 'app'), (f) => /\.tsx?$/.test(f))
    .sort()
    .flatMap((full) => {
      const source = parse(full);
      const file = relative(full);
      const fileLevel = source.statements.some((s) => isDirective(s, 'use server'));
      const functions: AppFunction[] = [];
      if (fileLevel) {
        for (const fn of exportedFunctions(source, file)) {
          functions.push({ key: `${file}#${fn.name}`, file, name: fn.name, ...callsIn(fn.node) });
        }
      } else {
        const visit = (node: ts.Node) => {
          if (
            ts.isFunctionLike(node) &&
            'body' in node &&
            hasDirective(node.body as ts.Node | undefined, 'use server')
          ) {
            const name = node.name && ts.isIdentifier(node.name) ? node.name.text : `inline@${node.pos}`;
            functions.push({ key: `${file}#${name}`, file, name, ...callsIn(node) });
          }
          ts.forEachChild(node, visit);
        };
        visit(source);
      }
      return functions.length ? [{ file, imports: importsOf(source), functions }] : [];
    });
}

/** Route handlers (`route.ts`) under app/, outside `app/v2` unless asked, each with its exported methods. */
export function routeHandlers({ v2 = false } = {}): AppFile[] {
  return walk(path.join(repoRoot, 'app'), (f) => path.basename(f) === 'route.ts')
    .filter((full) => v2 === relative(full).startsWith('app/v2/'))
    .sort()
    .map((full) => {
      const source = parse(full);
      const file = relative(full);
      const functions = exportedFunctions(source, file)
        .filter((fn) => /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/.test(fn.name))
        .map((fn) => ({ key: `${file}#${fn.name}`, file, name: fn.name, ...callsIn(fn.node) }));
      return { file, imports: importsOf(source), functions };
    });
}

/** Pages with a dynamic segment (`[id]`) in their path: they read an id from the URL. */
export function pagesWithIds(): AppFile[] {
  return walk(path.join(repoRoot, 'app'), (f) => path.basename(f) === 'page.tsx' && /\[[^\]]+\]/.test(relative(f)))
    .sort()
    .map((full) => {
      const source = parse(full);
      const file = relative(full);
      return { file, imports: importsOf(source), functions: [{ key: file, file, name: 'page', ...callsIn(source) }] };
    });
}

/** The identifiers a function calls (or, with `handed`, passes on) that come from `@/lib/…`, with their modules. */
export function libCalls(file: AppFile, fn: AppFunction, which: 'calls' | 'handed' = 'calls') {
  return [...fn[which]]
    .map((name) => ({ name, from: file.imports.get(name) ?? '' }))
    .filter((call) => call.from.startsWith('@/lib/'));
}
