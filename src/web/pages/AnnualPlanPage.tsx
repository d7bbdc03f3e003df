/**
 * 事業計画（次年度） (/c/:chamber/annual-plans?year=2027): the year's 事業計画 per measure, as the
 * chamber brings it to its 総会. Before it is made, the draft (下書きの案) made from the 工程表, last
 * year's 繰越 (未実施・延期) and last year's 評価シート (改善策, KPI対策), each item with its source as a
 * badge; 「下書きを作る」 stores it; then each measure's items are edited (up/down, 内容・担当・時期,
 * delete, add), saved, and 確定. 再作成 asks before it replaces the edits. Prints on A4 portrait (the
 * static document below the form is what prints); the .xlsx is the server's.
 */
import { ActionIcon, Alert, Badge, Button, Group, Modal, Select, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { fiscalYearOf, formatFiscalYear } from '../../domain/fiscal-calendar.js';
import {
  ANNUAL_PLAN_SOURCE_COLORS,
  ANNUAL_PLAN_SOURCE_LABELS,
  ANNUAL_PLAN_STATE_LABELS,
  type AnnualPlanInput,
  type AnnualPlanItem,
  annualPlanItemField,
  checkAnnualPlan,
} from '../../domain/plan/annual-plan.js';
import { ApiValidationError, getJson, sendJson } from '../api.js';
import { PrintButton } from '../components/PrintButton.js';
import { ErrorAlert, PageLoader } from '../components/Status.js';
import { formatTarget } from '../format.js';
import { useCan } from '../permissions.js';
import { usePlanData } from '../plan-context.js';
import type { AnnualPlanBody } from '../types.js';
import { todayIso } from './records/entry.js';

type View = AnnualPlanBody;
type ViewMeasure = View['measures'][number];
/** An item on the page, with a key that stays while it moves. */
type Row = AnnualPlanItem & { key: number };
interface Draft {
  preface: string;
  measures: { number: number; items: Row[] }[];
}

let nextKey = 1;
const withKeys = (v: View): Draft => ({
  preface: v.preface,
  measures: v.measures.map((m) => ({ number: m.number, items: m.items.map((it) => ({ ...it, key: nextKey++ })) })),
});
const inputOf = (d: Draft): AnnualPlanInput => ({
  preface: d.preface,
  measures: d.measures.map((m) => ({ number: m.number, items: m.items.map(({ key: _key, ...it }) => it) })),
});

const yearLabel = (fy: number) => `${formatFiscalYear(fy, 'short')}（${formatFiscalYear(fy)}）`;

export function AnnualPlanPage() {
  const data = usePlanData();
  const chamber = data.chamber.code;
  const [params, setParams] = useSearchParams();
  const { from, to } = data.plan.period;
  // The plan's years and the one after (drafted in the plan's last 2–3月).
  const years: number[] = [];
  for (let y = from; y <= to + 1; y++) years.push(y);
  const next = fiscalYearOf(todayIso()) + 1;
  const year = Number(params.get('year')) || Math.min(Math.max(next, from), to + 1);
  const path = `/api/v1/chambers/${encodeURIComponent(chamber)}/annual-plans/${year}`;
  const key = ['annual-plan', chamber, year];
  const query = useQuery({ queryKey: key, queryFn: () => getJson<View>(path) });
  const canWrite = useCan(chamber, 'evaluation.write');
  const canReopen = useCan(chamber, 'evaluation.unlock');
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [asking, setAsking] = useState<'replace' | 'reopen' | null>(null);
  useEffect(() => {
    if (query.data) setDraft(withKeys(query.data));
  }, [query.data]);

  const done = (message: string) => (view: View) => {
    queryClient.setQueryData(key, view);
    setProblems({});
    setNotice(message);
    setAsking(null);
  };
  const failed = (error: Error) => {
    setNotice(null);
    if (error instanceof ApiValidationError) setProblems(Object.fromEntries(error.details.map((d) => [d.location ?? '', d.message])));
  };
  const create = useMutation({
    mutationFn: (replace: boolean) => sendJson<View>('POST', `${path}/draft`, { replace }),
    onSuccess: (v, replace) =>
      done(replace ? '下書きを作り直しました（再作成）' : '下書きを作りました。施策ごとに編集して保存してください')(v),
    onError: failed,
  });
  const checked = () => {
    if (!draft || !query.data) return null;
    const input = inputOf(draft);
    const found = checkAnnualPlan(input, query.data.measures);
    if (found.length > 0) {
      setNotice(null);
      setProblems(Object.fromEntries(found.map((p) => [p.field, p.message])));
      throw new Error(`直すところがあります（${found.length}件）。各欄の表示を見てください`);
    }
    return input;
  };
  const save = useMutation({
    mutationFn: () => sendJson<View>('PUT', path, checked()),
    onSuccess: done('保存しました'),
    onError: failed,
  });
  const confirm = useMutation({
    mutationFn: async () => {
      await sendJson<View>('PUT', path, checked());
      return sendJson<View>('POST', `${path}/confirm`);
    },
    onSuccess: done('保存して確定しました'),
    onError: failed,
  });

  const header = (
    <Group justify="space-between" align="flex-end" mb="md" className="no-print">
      <div>
        <Title order={1} className="page-title">
          事業計画（次年度）
        </Title>
        <Text size="sm" c="dimmed">
          工程表、前年度に実施できなかった取組（繰越）、前年度の評価の改善策から、施策ごとに年度の事業計画を作ります。総会の資料になります。
        </Text>
      </div>
      <Select
        label="年度"
        data={years.map((y) => ({ value: String(y), label: yearLabel(y) }))}
        value={String(year)}
        onChange={(v) => v && setParams({ year: v })}
        allowDeselect={false}
        w={220}
      />
    </Group>
  );
  if (query.isPending || (query.data && !draft))
    return (
      <article className="page annual-plan">
        {header}
        <PageLoader />
      </article>
    );
  if (query.isError)
    return (
      <article className="page annual-plan">
        {header}
        <ErrorAlert error={query.error} />
      </article>
    );
  const view = query.data;
  if (!draft) return null;
  const editing = canWrite && view.stored && view.state === 'draft';
  const error = create.error ?? save.error ?? confirm.error ?? null;
  const previous = view.previousYear === null ? null : formatFiscalYear(view.previousYear, 'short');
  const setItems = (number: number, f: (items: Row[]) => Row[]) =>
    setDraft((d) => (d ? { ...d, measures: d.measures.map((m) => (m.number === number ? { ...m, items: f(m.items) } : m)) } : d));
  const shown = editing ? draft : withKeys(view);

  return (
    <article className="page annual-plan">
      <title>{`事業計画 ${formatFiscalYear(year, 'short')} | しるべ`}</title>
      {header}
      <Group justify="space-between" align="center" mb="sm" className="no-print">
        <Group gap="xs">
          <Badge
            size="lg"
            variant="light"
            color={view.state === 'confirmed' ? 'green' : view.state === 'draft' ? 'yellow' : 'gray'}
            data-testid="annual-plan-state"
          >
            {ANNUAL_PLAN_STATE_LABELS[view.state]}
          </Badge>
          {view.state === 'confirmed' && (
            <Text size="sm">
              {view.confirmedBy} が {view.confirmedAt?.slice(0, 10)} に確定
            </Text>
          )}
        </Group>
        <Group gap="xs">
          <Button component="a" href={`${path}.xlsx`} variant="default" size="xs" download>
            Excel出力（.xlsx）
          </Button>
          <PrintButton />
        </Group>
      </Group>

      {!view.stored && (
        <Alert color="blue" variant="light" mb="md" className="no-print" data-testid="draft-notice">
          <Stack gap={6}>
            <span>
              {formatFiscalYear(year)}の事業計画はまだ作っていません。下の案は、
              {view.beyondPlan ? '' : `${formatFiscalYear(year, 'short')}の工程表、`}
              {previous ? `${previous}に実施できなかった取組（未実施・延期）と${previous}の評価シートの改善策` : ''}
              から作ったものです。
            </span>
            {canWrite && (
              <Group>
                <Button onClick={() => create.mutate(false)} loading={create.isPending}>
                  下書きを作る
                </Button>
              </Group>
            )}
          </Stack>
        </Alert>
      )}
      {view.beyondPlan && (
        <Alert color="yellow" variant="light" mb="md" className="no-print">
          {formatFiscalYear(year)}は計画（{view.plan.title}）の期間の翌年度です。工程表の予定と目標値はなく、
          {previous}から引き継ぐ取組と改善策だけが入ります。
        </Alert>
      )}
      {notice && (
        <Alert color="green" variant="light" mb="md" className="no-print" role="status">
          {notice}
        </Alert>
      )}
      {error && (
        <Alert color="red" variant="light" mb="md" className="no-print" role="alert" data-testid="annual-plan-error">
          {error.message}
        </Alert>
      )}
      {editing && (
        <Group mb="md" className="no-print annual-plan-actions">
          <Button onClick={() => save.mutate()} loading={save.isPending}>
            保存
          </Button>
          <Button variant="default" onClick={() => confirm.mutate()} loading={confirm.isPending}>
            確定
          </Button>
          <Button variant="subtle" color="orange" onClick={() => setAsking('replace')}>
            再作成
          </Button>
          {view.draftedBy && (
            <Text size="xs" c="dimmed">
              下書き: {view.draftedBy}（{view.draftedAt?.slice(0, 10)}）　最終保存: {view.updatedBy}（{view.updatedAt?.slice(0, 10)}）
            </Text>
          )}
        </Group>
      )}
      {view.state === 'confirmed' && canReopen && (
        <Group mb="md" className="no-print">
          <Button variant="default" color="orange" size="xs" onClick={() => setAsking('reopen')}>
            確定を取り消す
          </Button>
        </Group>
      )}

      <Title order={2} className="annual-plan-title">
        {view.chamber.name}　{formatFiscalYear(year, 'short')} 事業計画
      </Title>
      <section className="sheet-section">
        <Title order={3} size="h4" className="section-title">
          基本方針
        </Title>
        {editing ? (
          <>
            <Textarea
              className="no-print"
              aria-label="基本方針"
              value={draft.preface}
              onChange={(e) => {
                const preface = e.currentTarget.value;
                setDraft((d) => (d ? { ...d, preface } : d));
              }}
              error={problems.preface}
              autosize
              minRows={3}
            />
            <Text className="preline print-only">{draft.preface}</Text>
          </>
        ) : (
          <Text className="preline">{view.preface}</Text>
        )}
      </section>

      {view.measures.map((m) => {
        const items = shown.measures.find((x) => x.number === m.number)?.items ?? [];
        return (
          <section key={m.number} className="annual-plan-measure" data-measure={m.number}>
            <Title order={3} size="h5" className="section-title annual-plan-measure-title">
              {m.strategy.label} {m.strategy.title} ＞ 施策{m.number} {m.title}
            </Title>
            {m.kpis.length > 0 && <KpiTargets measure={m} year={year} />}
            {editing ? <EditItems measure={m} items={items} problems={problems} onChange={(f) => setItems(m.number, f)} /> : null}
            <ItemsDocument measure={m} items={items} className={editing ? 'print-only' : undefined} />
          </section>
        );
      })}

      <Modal opened={asking === 'replace'} onClose={() => setAsking(null)} title="下書きを作り直しますか（再作成）">
        <Stack>
          <Text size="sm">
            いまの工程表・繰越・改善策から下書きを作り直し、編集した内容（並べ替え・担当・時期・追加・削除）を置き換えます。置き換えた内容は監査ログに残ります。
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAsking(null)}>
              やめる
            </Button>
            <Button color="orange" onClick={() => create.mutate(true)} loading={create.isPending}>
              作り直す
            </Button>
          </Group>
        </Stack>
      </Modal>
      <ReopenModal opened={asking === 'reopen'} onClose={() => setAsking(null)} path={path} onDone={done('確定を取り消しました')} />
    </article>
  );
}

function KpiTargets({ measure, year }: { measure: ViewMeasure; year: number }) {
  return (
    <Table withTableBorder withColumnBorders className="annual-plan-kpis" mb="xs">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>指標（KPI）</Table.Th>
          <Table.Th className="num">目標値（{formatFiscalYear(year, 'short')}）</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {measure.kpis.map((k) => (
          <Table.Tr key={k.code}>
            <Table.Td>{k.parentCode ? `うち${k.name.replace(/^うち/, '')}` : k.name}</Table.Td>
            <Table.Td className="num">{k.target === null ? '設定なし' : `${formatTarget(k.target)} ${k.unit}`}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

const initiativeLabel = (m: ViewMeasure, n: number | null) => {
  const i = n === null ? undefined : m.initiatives.find((x) => x.number === n);
  return i ? `${i.number} ${i.title}` : '施策全体';
};

function SourceBadges({ item }: { item: AnnualPlanItem }) {
  return (
    <Group gap={4} wrap="nowrap" className="source-badges">
      <Badge size="sm" variant="light" color={ANNUAL_PLAN_SOURCE_COLORS[item.source]} data-source={item.source}>
        {ANNUAL_PLAN_SOURCE_LABELS[item.source]}
      </Badge>
      {item.carriedOver && (
        <Badge size="sm" variant="light" color="orange" data-source="carriedOver">
          繰越
        </Badge>
      )}
    </Group>
  );
}

/** The items as they read on paper (and on screen when not editing). */
function ItemsDocument({ measure, items, className }: { measure: ViewMeasure; items: AnnualPlanItem[]; className?: string | undefined }) {
  return (
    <Table withTableBorder withColumnBorders className={`annual-plan-items${className ? ` ${className}` : ''}`} data-testid="plan-items">
      <Table.Thead>
        <Table.Tr>
          <Table.Th className="col-no">No.</Table.Th>
          <Table.Th className="col-initiative">事業の柱</Table.Th>
          <Table.Th>事業内容</Table.Th>
          <Table.Th className="col-owner">担当</Table.Th>
          <Table.Th className="col-timing">実施時期</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.length === 0 && (
          <Table.Tr>
            <Table.Td colSpan={5}>
              <Text c="dimmed" size="sm">
                （項目なし）
              </Text>
            </Table.Td>
          </Table.Tr>
        )}
        {items.map((it, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list in its stored order
          <Table.Tr key={i} data-item-source={it.source}>
            <Table.Td className="col-no">{i + 1}</Table.Td>
            <Table.Td className="col-initiative">{initiativeLabel(measure, it.initiative)}</Table.Td>
            <Table.Td>
              <Group gap={6} align="flex-start" wrap="nowrap">
                <SourceBadges item={it} />
                <span className="preline">{it.text}</span>
              </Group>
              {it.sourceNote && (
                <Text size="xs" c="dimmed" className="source-note">
                  {it.sourceNote}
                </Text>
              )}
            </Table.Td>
            <Table.Td className="col-owner">{it.owner}</Table.Td>
            <Table.Td className="col-timing">{it.timing}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function EditItems({
  measure,
  items,
  problems,
  onChange,
}: {
  measure: ViewMeasure;
  items: Row[];
  problems: Record<string, string>;
  onChange(f: (items: Row[]) => Row[]): void;
}) {
  const set = (index: number, patch: Partial<AnnualPlanItem>) =>
    onChange((list) => list.map((it, i) => (i === index ? { ...it, ...patch } : it)));
  const move = (index: number, by: -1 | 1) =>
    onChange((list) => {
      const to = index + by;
      if (to < 0 || to >= list.length) return list;
      const copy = [...list];
      [copy[index], copy[to]] = [copy[to] as Row, copy[index] as Row];
      return copy;
    });
  const options = [
    ...measure.initiatives.map((i) => ({ value: String(i.number), label: `${i.number} ${i.title}` })),
    { value: '', label: '施策全体' },
  ];
  const err = (i: number, f: keyof AnnualPlanItem) => problems[annualPlanItemField(measure.number, i, f)];
  return (
    <Stack gap="xs" className="no-print annual-plan-edit" data-testid="plan-edit">
      {items.map((it, i) => (
        <div key={it.key} className="annual-plan-edit-item" data-item-source={it.source} data-index={i}>
          <Group gap="xs" align="flex-start" wrap="nowrap">
            <Stack gap={2} align="center" className="edit-order">
              <Text size="sm" fw={700}>
                {i + 1}
              </Text>
              <ActionIcon variant="default" size="sm" aria-label={`${i + 1}番目を上へ`} onClick={() => move(i, -1)} disabled={i === 0}>
                ↑
              </ActionIcon>
              <ActionIcon
                variant="default"
                size="sm"
                aria-label={`${i + 1}番目を下へ`}
                onClick={() => move(i, 1)}
                disabled={i === items.length - 1}
              >
                ↓
              </ActionIcon>
            </Stack>
            <Stack gap={4} className="edit-fields">
              <Group gap="xs" wrap="nowrap">
                <SourceBadges item={it} />
                {it.sourceNote && (
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {it.sourceNote}
                  </Text>
                )}
              </Group>
              <Textarea
                aria-label={`${i + 1}番目の事業内容`}
                value={it.text}
                onChange={(e) => set(i, { text: e.currentTarget.value })}
                error={err(i, 'text')}
                autosize
                minRows={1}
              />
              <Group gap="xs" grow align="flex-start">
                <Select
                  aria-label={`${i + 1}番目の事業の柱`}
                  data={options}
                  value={it.initiative === null ? '' : String(it.initiative)}
                  onChange={(v) => set(i, { initiative: v ? Number(v) : null })}
                  allowDeselect={false}
                  error={err(i, 'initiative')}
                  size="xs"
                />
                <TextInput
                  aria-label={`${i + 1}番目の担当`}
                  placeholder="担当（例: 経営指導員）"
                  value={it.owner}
                  onChange={(e) => set(i, { owner: e.currentTarget.value })}
                  error={err(i, 'owner')}
                  size="xs"
                />
                <TextInput
                  aria-label={`${i + 1}番目の実施時期`}
                  placeholder="実施時期（例: 上期・通年・6月）"
                  value={it.timing}
                  onChange={(e) => set(i, { timing: e.currentTarget.value })}
                  error={err(i, 'timing')}
                  size="xs"
                />
              </Group>
            </Stack>
            <Button
              variant="subtle"
              color="red"
              size="xs"
              aria-label={`${i + 1}番目を削除`}
              onClick={() => onChange((list) => list.filter((_, j) => j !== i))}
            >
              削除
            </Button>
          </Group>
        </div>
      ))}
      {problems[`measures.${measure.number}`] && (
        <Text size="sm" c="red" role="alert">
          {problems[`measures.${measure.number}`]}
        </Text>
      )}
      <Group>
        <Button
          variant="default"
          size="xs"
          onClick={() =>
            onChange((list) => [
              ...list,
              { key: nextKey++, initiative: null, text: '', source: 'added', sourceNote: '', carriedOver: false, owner: '', timing: '' },
            ])
          }
        >
          項目を追加
        </Button>
      </Group>
    </Stack>
  );
}

function ReopenModal({ opened, onClose, path, onDone }: { opened: boolean; onClose(): void; path: string; onDone(v: View): void }) {
  const [reason, setReason] = useState('');
  const reopen = useMutation({
    mutationFn: () => sendJson<View>('POST', `${path}/reopen`, { reason }),
    onSuccess: (v) => {
      onDone(v);
      setReason('');
    },
  });
  const problem = reopen.error instanceof ApiValidationError ? reopen.error.details[0]?.message : reopen.error?.message;
  return (
    <Modal opened={opened} onClose={onClose} title="事業計画の確定を取り消す">
      <Stack>
        <Text size="sm">取り消すと編集中に戻り、職員が変更して確定し直せます。理由は監査ログに残ります。</Text>
        <Textarea
          label="理由"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={problem}
          required
          autosize
          minRows={2}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            やめる
          </Button>
          <Button color="orange" onClick={() => reopen.mutate()} loading={reopen.isPending}>
            確定を取り消す
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
