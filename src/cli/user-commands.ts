/**
 * shirube user create | passwd | grant | list — accounts from the command line, for scripts
 * and for the first administrator on a server without a browser. Passwords are typed at a
 * prompt that does not echo them, or read from standard input with --password-stdin; never
 * an argument (it would stay in the shell's history and the process list).
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { systemClock } from '../clock.js';
import type { Db } from '../db/connection.js';
import { deleteSessionsOf, findUserByLogin, grantFederation, setChamberRole, updateUser } from '../db/queries/accounts.js';
import { type Actor, recordAudit } from '../db/queries/audit.js';
import { findChamberByCode } from '../db/queries/chambers.js';
import { CHAMBER_ROLES, type ChamberRole, normalizeLogin, passwordProblem, ROLE_LABELS } from '../domain/access.js';
import { DomainError } from '../domain/errors.js';
import { hashPassword } from '../usecases/accounts/passwords.js';
import { createUser } from '../usecases/accounts/users.js';

const cliActor = (): Actor => ({ userId: null, login: `cli:${userInfo().username}` });

/** Reads a line from standard input (piped), or asks at the terminal without echo. */
async function readPassword(prompt: string, fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    if (!fromStdin)
      throw new DomainError(
        'BAD_REQUEST',
        '端末でないときは --password-stdin で標準入力からパスワードを渡してください / Use --password-stdin',
      );
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
  }
  process.stderr.write(prompt);
  const stdin = process.stdin;
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value = '';
    const onData = (key: string) => {
      for (const ch of key) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          stdin.setRawMode(false);
          reject(new DomainError('BAD_REQUEST', '中止しました / Cancelled'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function newPassword(login: string, fromStdin: boolean): Promise<string> {
  const password = await readPassword('パスワード / Password: ', fromStdin);
  const problem = passwordProblem(password, login);
  if (problem) throw new DomainError('BAD_REQUEST', problem);
  if (!fromStdin && process.stdin.isTTY) {
    const again = await readPassword('もう一度 / Again: ', false);
    if (again !== password) throw new DomainError('BAD_REQUEST', 'パスワードが一致しません / Passwords differ');
  }
  return password;
}

function roleOf(role: string | undefined): ChamberRole {
  if (role && (CHAMBER_ROLES as readonly string[]).includes(role)) return role as ChamberRole;
  throw new DomainError(
    'BAD_REQUEST',
    `--role は ${CHAMBER_ROLES.join(' / ')} のどれかです / --role must be one of ${CHAMBER_ROLES.join(', ')}`,
  );
}

async function chamberId(db: Db, code: string): Promise<number> {
  const chamber = await findChamberByCode(db.kysely, code);
  if (!chamber) throw new DomainError('NOT_FOUND', `商工会が見つかりません / No chamber: ${code}`);
  return chamber.id;
}

export function registerUserCommands(program: Command, withDatabase: <T>(fn: (db: Db) => Promise<T>) => Promise<T>): void {
  const user = program.command('user').description('アカウントの操作 / Accounts');

  user
    .command('create')
    .description('アカウントを作る / Create an account')
    .argument('<login>', 'ログインID / Login')
    .requiredOption('--name <氏名>', '氏名 / Display name')
    .option('--chamber <code>', '商工会 / Chamber')
    .option('--role <role>', `役割 / Role: ${CHAMBER_ROLES.map((r) => `${r}（${ROLE_LABELS[r]}）`).join(', ')}`)
    .option('--federation <code>', '県連のアカウントにする（連合会のコード） / A federation account')
    .option('--system-admin', 'システム管理者（すべての商工会の管理者） / System administrator of all chambers')
    .option('--password-stdin', 'パスワードを標準入力から読む / Read the password from standard input')
    .action(
      async (
        login: string,
        opts: { name: string; chamber?: string; role?: string; federation?: string; systemAdmin?: boolean; passwordStdin?: boolean },
      ) => {
        if (!opts.chamber && !opts.systemAdmin && !opts.federation)
          throw new DomainError(
            'BAD_REQUEST',
            '--chamber と --role、--federation、または --system-admin を指定してください / Give --chamber and --role, --federation or --system-admin',
          );
        const role = opts.chamber ? roleOf(opts.role) : undefined;
        const password = await newPassword(login, opts.passwordStdin ?? false);
        await withDatabase(async (db) => {
          const chamber = opts.chamber && role ? { id: await chamberId(db, opts.chamber), role } : undefined;
          const id = await createUser({
            db: db.kysely,
            actor: cliActor(),
            login,
            displayName: opts.name,
            password,
            chamber,
            systemAdmin: opts.systemAdmin ?? false,
            now: systemClock.now(),
          });
          if (opts.federation) {
            const f = await db.kysely.selectFrom('federations').select('id').where('code', '=', opts.federation).executeTakeFirst();
            if (!f) throw new DomainError('NOT_FOUND', `連合会が見つかりません / No federation: ${opts.federation}`);
            await grantFederation(db.kysely, id, f.id);
          }
          console.log(`アカウントを作りました / Created: ${normalizeLogin(login)}`);
        });
      },
    );

  user
    .command('passwd')
    .description('パスワードを再設定する（その人のログインは終了） / Set a new password (ends the account’s sessions)')
    .argument('<login>', 'ログインID / Login')
    .option('--password-stdin', 'パスワードを標準入力から読む / Read the password from standard input')
    .action(async (login: string, opts: { passwordStdin?: boolean }) => {
      const password = await newPassword(login, opts.passwordStdin ?? false);
      await withDatabase(async (db) => {
        const found = await findUserByLogin(db.kysely, normalizeLogin(login));
        if (!found) throw new DomainError('NOT_FOUND', `アカウントが見つかりません / No account: ${login}`);
        const passwordHash = await hashPassword(password);
        const now = systemClock.now();
        await db.kysely.transaction().execute(async (trx) => {
          await updateUser(trx, found.id, { passwordHash, passwordChangedAt: now, disabledAt: null });
          await deleteSessionsOf(trx, found.id);
          await recordAudit(trx, {
            actor: cliActor(),
            at: now,
            chamberId: null,
            action: 'user.password',
            target: 'user',
            targetId: found.id,
            summary: `パスワードを再設定（コマンド）: ${found.login}`,
          });
        });
        console.log(`パスワードを再設定しました / Password set: ${found.login}`);
      });
    });

  user
    .command('grant')
    .description('アカウントに商工会の役割を与える（none で外す） / Give an account a role in a chamber (none removes it)')
    .argument('<login>', 'ログインID / Login')
    .requiredOption('--chamber <code>', '商工会 / Chamber')
    .requiredOption('--role <role>', `役割 / Role: ${CHAMBER_ROLES.join(', ')}, none`)
    .action(async (login: string, opts: { chamber: string; role: string }) => {
      await withDatabase(async (db) => {
        const found = await findUserByLogin(db.kysely, normalizeLogin(login));
        if (!found) throw new DomainError('NOT_FOUND', `アカウントが見つかりません / No account: ${login}`);
        const id = await chamberId(db, opts.chamber);
        const role = opts.role === 'none' ? null : roleOf(opts.role);
        await db.kysely.transaction().execute(async (trx) => {
          await setChamberRole(trx, found.id, id, role);
          await recordAudit(trx, {
            actor: cliActor(),
            at: systemClock.now(),
            chamberId: id,
            action: 'user.update',
            target: 'user',
            targetId: found.id,
            summary: `役割を設定（コマンド）: ${found.login} → ${role ? ROLE_LABELS[role] : 'なし'}`,
            after: { role },
          });
        });
        console.log(`${found.login}: ${opts.chamber} ${role ? ROLE_LABELS[role] : '役割なし / none'}`);
      });
    });

  user
    .command('list')
    .description('アカウントの一覧 / List accounts')
    .action(() =>
      withDatabase(async (db) => {
        const rows = await db.kysely
          .selectFrom('users as u')
          .leftJoin('chamber_roles as r', 'r.userId', 'u.id')
          .leftJoin('chambers as c', 'c.id', 'r.chamberId')
          .select(['u.login', 'u.displayName', 'u.systemAdmin', 'u.disabledAt', 'c.code', 'r.role'])
          .orderBy('u.login')
          .execute();
        if (rows.length === 0) console.log('アカウントはまだありません / No accounts yet');
        for (const r of rows)
          console.log(
            [
              r.login,
              r.displayName,
              r.systemAdmin ? 'システム管理者' : '',
              r.code ? `${r.code}:${ROLE_LABELS[r.role ?? 'viewer']}` : '',
              r.disabledAt ? '停止中' : '',
            ]
              .filter(Boolean)
              .join('\t'),
          );
      }),
    );
}
