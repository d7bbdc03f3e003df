/**
 * Accounts, roles, sessions and the audit trail (safe for real use):
 * - users: local accounts; the password as an scrypt hash (src/usecases/passwords.ts), never
 *   the password; a system administrator flag for the account made at first start.
 * - federations (県連合会), which chambers may belong to, and the roles: a role per chamber
 *   (管理者 / 職員 / 閲覧) or the reading of a federation's chambers (県連).
 * - sessions: the SHA-256 of the session token (the token itself lives only in the
 *   browser's httpOnly cookie), its CSRF token, idle and absolute expiry.
 * - audit_log: who did what, when, with the values before and after. The database itself
 *   refuses to change or delete a row of it (triggers on both dialects), so the app cannot.
 */
import { type Kysely, sql } from 'kysely';
import { dialectOf, idColumn } from '../dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const dialect = dialectOf(db);
  const id = idColumn(dialect);

  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', id)
    .addColumn('login', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('system_admin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('password_changed_at', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'text')
    .execute();

  await db.schema
    .createTable('federations')
    .addColumn('id', 'integer', id)
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .alterTable('chambers')
    .addColumn('federation_id', 'integer', (c) => c.references('federations.id').onDelete('set null'))
    .execute();

  await db.schema
    .createTable('chamber_roles')
    .addColumn('id', 'integer', id)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('chamber_id', 'integer', (c) => c.notNull().references('chambers.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'staff', 'viewer')`))
    .addUniqueConstraint('chamber_roles_user_chamber', ['user_id', 'chamber_id'])
    .execute();
  await db.schema.createIndex('chamber_roles_chamber').on('chamber_roles').column('chamber_id').execute();

  await db.schema
    .createTable('federation_roles')
    .addColumn('id', 'integer', id)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('federation_id', 'integer', (c) => c.notNull().references('federations.id').onDelete('cascade'))
    .addUniqueConstraint('federation_roles_user_federation', ['user_id', 'federation_id'])
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  // No foreign keys: the trail outlives the accounts and chambers it speaks of.
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', id)
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('user_login', 'text')
    .addColumn('chamber_id', 'integer')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('audit_log_chamber_at').on('audit_log').columns(['chamber_id', 'at']).execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();

  if (dialect === 'sqlite') {
    for (const event of ['update', 'delete']) {
      await sql
        .raw(
          `create trigger audit_log_no_${event} before ${event} on audit_log begin select raise(abort, '監査ログは変更・削除できません'); end`,
        )
        .execute(db);
    }
  } else {
    await sql`create function audit_log_refuse() returns trigger language plpgsql as $$
      begin raise exception '監査ログは変更・削除できません'; end $$`.execute(db);
    await sql`create trigger audit_log_no_change before update or delete on audit_log for each statement execute function audit_log_refuse()`.execute(
      db,
    );
    await sql`create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_refuse()`.execute(
      db,
    );
  }
}
