/**
 * Tenant isolation, in one place: a Kysely plugin that keeps every query of a connection
 * inside one chamber, whatever ids the query was given.
 *
 * - SELECT, UPDATE, DELETE: every chamber table the query reads (FROM, JOIN, and those of
 *   its subqueries) gets `chamber_id = <chamber>` (`id` for the chambers table itself): in
 *   the WHERE for the tables it reads from, in the ON for joined ones (so that a LEFT JOIN
 *   stays a left join).
 * - INSERT into a chamber table: every row must carry the chamber's id, or the query is
 *   refused before it reaches the database; a new chamber cannot be made through it.
 *
 * A request of an account goes through `scopeToChamber(db, chamberId)` once its role in the
 * chamber is checked (src/http/access.ts); queries that must see several chambers (the list
 * of chambers an account may open, a federation's roll-up, sign-in) use the unscoped handle.
 * Raw SQL (sql`…` as a whole query) is not looked into: the queries of chamber data are
 * built with the query builder.
 */
import {
  AliasNode,
  BinaryOperationNode,
  ColumnNode,
  type DeleteQueryNode,
  IdentifierNode,
  type InsertQueryNode,
  JoinNode,
  type Kysely,
  type KyselyPlugin,
  type OperationNode,
  OperationNodeTransformer,
  OperatorNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  PrimitiveValueListNode,
  type QueryResult,
  ReferenceNode,
  type RootOperationNode,
  type SelectQueryNode,
  TableNode,
  type UnknownRow,
  type UpdateQueryNode,
  ValueListNode,
  ValueNode,
  ValuesNode,
  WhereNode,
} from 'kysely';
import type { Database } from './schema.js';
import { SCOPED_TABLES } from './schema.js';

const SCOPED = new Set<string>(SCOPED_TABLES);

export class CrossChamberWrite extends Error {
  override readonly name = 'CrossChamberWrite';
}

/** The table a FROM or JOIN item names, and what the query calls it. */
function scopedTable(node: OperationNode): { table: string; ref: string } | undefined {
  let inner = node;
  let alias: string | undefined;
  if (AliasNode.is(node)) {
    inner = node.node;
    if (IdentifierNode.is(node.alias)) alias = node.alias.name;
  }
  if (!TableNode.is(inner)) return undefined;
  const table = inner.table.identifier.name;
  if (!SCOPED.has(table)) return undefined;
  return { table, ref: alias ?? table };
}

class ScopeTransformer extends OperationNodeTransformer {
  constructor(private readonly chamberId: number) {
    super();
  }

  private condition({ table, ref }: { table: string; ref: string }): OperationNode {
    return BinaryOperationNode.create(
      ReferenceNode.create(ColumnNode.create(table === 'chambers' ? 'id' : 'chamber_id'), TableNode.create(ref)),
      OperatorNode.create('='),
      ValueNode.create(this.chamberId),
    );
  }

  private withConditions(where: WhereNode | undefined, froms: readonly OperationNode[]): WhereNode | undefined {
    let out = where;
    for (const from of froms) {
      const scoped = scopedTable(from);
      if (!scoped) continue;
      const c = this.condition(scoped);
      out = out ? WhereNode.cloneWithOperation(out, 'And', c) : WhereNode.create(c);
    }
    return out;
  }

  private scopeJoins(joins: readonly JoinNode[] | undefined): JoinNode[] | undefined {
    return joins?.map((join) => {
      const scoped = scopedTable(join.table);
      return scoped ? JoinNode.cloneWithOn(join, this.condition(scoped)) : join;
    });
  }

  protected override transformSelectQuery(node: SelectQueryNode, queryId?: PluginTransformQueryArgs['queryId']): SelectQueryNode {
    const t = super.transformSelectQuery(node, queryId);
    const where = this.withConditions(t.where, t.from?.froms ?? []);
    const joins = this.scopeJoins(t.joins);
    return { ...t, ...(where ? { where } : {}), ...(joins ? { joins } : {}) };
  }

  protected override transformUpdateQuery(node: UpdateQueryNode, queryId?: PluginTransformQueryArgs['queryId']): UpdateQueryNode {
    const t = super.transformUpdateQuery(node, queryId);
    const where = this.withConditions(t.where, [...(t.table ? [t.table] : []), ...(t.from?.froms ?? [])]);
    const joins = this.scopeJoins(t.joins);
    return { ...t, ...(where ? { where } : {}), ...(joins ? { joins } : {}) };
  }

  protected override transformDeleteQuery(node: DeleteQueryNode, queryId?: PluginTransformQueryArgs['queryId']): DeleteQueryNode {
    const t = super.transformDeleteQuery(node, queryId);
    const where = this.withConditions(t.where, t.from.froms);
    const joins = this.scopeJoins(t.joins);
    return { ...t, ...(where ? { where } : {}), ...(joins ? { joins } : {}) };
  }

  protected override transformInsertQuery(node: InsertQueryNode, queryId?: PluginTransformQueryArgs['queryId']): InsertQueryNode {
    const t = super.transformInsertQuery(node, queryId);
    const table = t.into?.table.identifier.name;
    if (!table || !SCOPED.has(table)) return t;
    if (table === 'chambers') throw new CrossChamberWrite('商工会の範囲の接続では商工会を作れません');
    const at = (t.columns ?? []).findIndex((c) => c.column.name === 'chamber_id' || c.column.name === 'chamberId');
    if (at < 0) throw new CrossChamberWrite(`${table}: chamber_id のない行は書き込めません`);
    // INSERT … SELECT: the SELECT was scoped above; the column must come from it.
    if (!t.values || !ValuesNode.is(t.values)) return t;
    for (const row of t.values.values) {
      const value = PrimitiveValueListNode.is(row) ? row.values[at] : ValueListNode.is(row) ? valueIn(row.values[at]) : undefined;
      if (value !== this.chamberId) throw new CrossChamberWrite(`${table}: ほかの商工会の行は書き込めません`);
    }
    return t;
  }
}

function valueIn(node: OperationNode | undefined): unknown {
  return node && ValueNode.is(node) ? node.value : undefined;
}

export class ChamberScopePlugin implements KyselyPlugin {
  private readonly transformer: ScopeTransformer;

  constructor(readonly chamberId: number) {
    this.transformer = new ScopeTransformer(chamberId);
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.transformer.transformNode(args.node, args.queryId);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/** The same database, seeing and changing only one chamber's rows. */
export function scopeToChamber(db: Kysely<Database>, chamberId: number): Kysely<Database> {
  return db.withPlugin(new ChamberScopePlugin(chamberId));
}
