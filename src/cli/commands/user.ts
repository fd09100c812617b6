import type { Command } from 'commander';
import type { Grant } from '../../api/contract.js';
import { ROLES } from '../../core/access/policy.js';
import { NATION_CODE } from '../../core/org-units.js';
import { InputError } from '../../services/errors.js';
import { printJson, withStore } from '../context.js';

const OPERATOR_ACTOR = { name: 'system:cli', ip: null };

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('accounts and their roles');

  user
    .command('create')
    .description('create a user; with --admin, a system administrator (admin on the nation)')
    .requiredOption('--username <name>', 'sign-in name: lower-case letters, digits, . _ -')
    .option('--display-name <name>', 'name shown in the app (default: the user name)')
    .option('--admin', 'grant admin on the nation (CN)')
    .option(
      '--role <role:unit...>',
      `grant a role on an org unit, e.g. reporter:420000 (roles: ${ROLES.join(', ')})`,
    )
    .option('--password-stdin', 'read the password from the first line of standard input')
    .option('--json', 'print the user as JSON')
    .action(
      async (options: {
        username: string;
        displayName?: string;
        admin?: boolean;
        role?: string[];
        passwordStdin?: boolean;
        json?: boolean;
      }) => {
        if (!options.passwordStdin) {
          throw new InputError(
            'Give the password on standard input with --password-stdin (it is never taken as an argument)',
          );
        }
        const password = await readFirstLine();
        const roles = [
          ...(options.admin ? [{ role: 'admin', orgUnitCode: NATION_CODE } as Grant] : []),
          ...(options.role ?? []).map(parseGrant),
        ];
        await withStore(async ({ services }) => {
          const created = await services.access.createUser(
            null,
            {
              username: options.username,
              displayName: options.displayName ?? options.username,
              password,
              roles,
            },
            OPERATOR_ACTOR,
          );
          if (options.json) return printJson(created);
          const held =
            created.roles.map((role) => `${role.role} on ${role.orgUnitCode}`).join(', ') ||
            'no roles';
          process.stdout.write(
            `Created user ${created.username} (id ${created.id}) with ${held}\n`,
          );
        });
      },
    );

  user
    .command('grant')
    .description('grant a user a role on an org unit')
    .argument('<username>')
    .argument('<role:unit>', 'e.g. reviewer:420000')
    .action(async (username: string, grantText: string) => {
      const grant = parseGrant(grantText);
      await withStore(async ({ services }) => {
        const user = await services.access.userByName(username);
        await services.access.grantRoleAsOperator(user.id, grant, OPERATOR_ACTOR);
        process.stdout.write(`Granted ${grant.role} on ${grant.orgUnitCode} to ${username}\n`);
      });
    });
}

function parseGrant(text: string): Grant {
  const match = /^([a-z]+):(\S+)$/.exec(text);
  if (!match || !(ROLES as readonly string[]).includes(match[1]!)) {
    throw new InputError(
      `"${text}" is not role:unit with a role of ${ROLES.join(', ')} (e.g. reporter:420000)`,
    );
  }
  return { role: match[1] as Grant['role'], orgUnitCode: match[2]! };
}

async function readFirstLine(): Promise<string> {
  if (process.stdin.isTTY)
    throw new InputError(
      '--password-stdin needs the password piped in, e.g. from a password manager',
    );
  let text = '';
  for await (const chunk of process.stdin) {
    text += (chunk as Buffer).toString('utf8');
    if (text.includes('\n')) break;
  }
  const line = text.split(/\r?\n/)[0] ?? '';
  if (line.length === 0) throw new InputError('No password on standard input');
  return line;
}
