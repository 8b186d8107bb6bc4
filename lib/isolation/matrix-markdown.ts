import { can, permissionTable, roles } from '../auth/roles';
import { actionCases } from './action-cases';
import { surfaceCases } from './surface-cases';

const mark = (yes: boolean) => (yes ? '✓' : '');
const row = (cells: string[]) => `| ${cells.join(' | ')} |`;

/** The tables docs/isolation.md carries, generated from lib/auth/roles.ts and the isolation cases. */
export function matrixMarkdown(): { permissions: string; actions: string; surfaces: string } {
  const header = (first: string[]) => [row([...first, ...roles]), row([...first, ...roles].map(() => '---'))];
  const permissions = [
    ...header(['permission', 'allows']),
    ...permissionTable().map((p) =>
      row([`\`${p.permission}\``, p.allows, ...roles.map((role) => mark(p.roles.includes(role)))]),
    ),
  ].join('\n');
  const actions = [
    ...header(['server action', 'lib verb', 'needs']),
    ...Object.entries(actionCases).map(([key, entry]) => {
      const name = key.slice(key.indexOf('#') + 1);
      const verbs = entry.verbs.map((verb) => `\`${verb.name}\``).join(', ');
      return row([
        `\`${name}\``,
        verbs,
        `\`${entry.permission}\``,
        ...roles.map((r) => mark(can(r, entry.permission))),
      ]);
    }),
  ].join('\n');
  const surfaces = [
    row(['handler or page', 'caller', 'why another account’s ids get nothing']),
    row(['---', '---', '---']),
    ...Object.entries(surfaceCases).map(([key, entry]) => row([`\`${key}\``, entry.access, entry.rule])),
  ].join('\n');
  return { permissions, actions, surfaces };
}
