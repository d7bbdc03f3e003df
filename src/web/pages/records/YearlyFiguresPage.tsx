/**
 * 年度の数値: the figures entered once a year, as a table of years × items — official
 * statistics (商工業者数 on 4月1日, …) and the chamber's finances (千円). A year's row is edited in
 * place and saved with Enter; a closed year's change names the KPIs it alters first. Each
 * item says which KPIs read it.
 */
import '@mantine/core/styles/Tooltip.css';
import { Badge, Button, Group, Table, Text, Title, Tooltip } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formatFiscalYear } from '../../../domain/fiscal-calendar.js';
import type { YearlyFiguresBody } from '../../../http/schemas/records.js';
import { ApiValidationError, getJson, sendJson } from '../../api.js';
import { ExportMenu } from '../../components/ExportMenu.js';
import { NumberField, numberOf } from '../../components/NumberField.js';
import { PrintButton } from '../../components/PrintButton.js';
import { ErrorAlert, PageLoader } from '../../components/Status.js';
import { useCan } from '../../permissions.js';
import { usePlanData } from '../../plan-context.js';
import { ClosedYearModal, confirmationOf, type PendingConfirmation } from './entry.js';

type Year = YearlyFiguresBody['years'][number];
type Values = Record<string, string>;

const show = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toLocaleString('ja-JP'));

export function YearlyFiguresPage() {
  const chamber = usePlanData().chamber.code;
  const url = `/api/v1/chambers/${encodeURIComponent(chamber)}/yearly-figures`;
  const canRead = useCan(chamber, 'records.read');
  const canWrite = useCan(chamber, 'records.write');
  const view = useQuery({ queryKey: ['yearly-figures', chamber], queryFn: () => getJson<YearlyFiguresBody>(url), enabled: canRead });
  const [editing, setEditing] = useState<number | null>(null);
  const [pending, setPending] = useState<PendingConfirmation | null>(null);
  if (!canRead) return <ErrorAlert error={new Error('このページは商工会の職員・閲覧のアカウントで見られます')} title="権限がありません" />;
  if (view.isPending) return <PageLoader />;
  if (view.isError) return <ErrorAlert error={view.error} />;
  const body = view.data;
  const columns = [
    ...body.statisticItems.map((item) => ({ group: 'statistics' as const, item, unit: '', usedBy: body.usedBy.statistics[item] ?? [] })),
    ...body.financeItems.map((item) => ({ group: 'finances' as const, item, unit: '千円', usedBy: body.usedBy.finances[item] ?? [] })),
  ];
  return (
    <article className="page yearly-figures">
      <title>年度の数値 | しるべ</title>
      <Group justify="space-between" align="flex-end" mb="md">
        <div>
          <Title order={1} className="page-title">
            年度の数値（統計値・財務）
          </Title>
          <Text size="sm" c="dimmed" mt={4}>
            商工業者数（4月1日時点）などの統計値と、会費・手数料・経常収入（千円）を年度ごとに入力します。組織率や自己財源比率はこの数値から算出します。
          </Text>
        </div>
        <Group gap="xs">
          <ExportMenu chamber={chamber} kind="statistics" label="統計値のCSV" />
          <ExportMenu chamber={chamber} kind="finances" label="財務のCSV" />
          <PrintButton />
        </Group>
      </Group>
      <Table withTableBorder striped verticalSpacing={6} fz="sm" data-testid="yearly-figures">
        <Table.Thead>
          <Table.Tr>
            <Table.Th rowSpan={2}>年度</Table.Th>
            {body.statisticItems.length > 0 && <Table.Th colSpan={body.statisticItems.length}>統計値</Table.Th>}
            <Table.Th colSpan={body.financeItems.length}>財務（千円）</Table.Th>
            {canWrite && <Table.Th rowSpan={2} />}
          </Table.Tr>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={`${c.group}-${c.item}`} ta="right">
                <Tooltip label={c.usedBy.length > 0 ? `使うKPI: ${c.usedBy.join('、')}` : 'KPIでは使っていません'} multiline w={260}>
                  <span>{c.item}</span>
                </Tooltip>
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {body.years.map((year) =>
            editing === year.fiscalYear ? (
              <EditRow
                key={year.fiscalYear}
                url={url}
                chamber={chamber}
                year={year}
                columns={columns}
                onDone={() => setEditing(null)}
                onConfirm={setPending}
              />
            ) : (
              <Table.Tr key={year.fiscalYear} data-fiscal-year={year.fiscalYear}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {formatFiscalYear(year.fiscalYear)}
                  {year.closed && (
                    <Badge size="xs" variant="light" color="gray" ml={6}>
                      締め済み
                    </Badge>
                  )}
                </Table.Td>
                {columns.map((c) => (
                  <Table.Td key={`${c.group}-${c.item}`} ta="right">
                    {show(year[c.group][c.item])}
                  </Table.Td>
                ))}
                {canWrite && (
                  <Table.Td>
                    <Button size="compact-xs" variant="subtle" onClick={() => setEditing(year.fiscalYear)} disabled={editing !== null}>
                      入力
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ),
          )}
        </Table.Tbody>
      </Table>
      <ClosedYearModal pending={pending} onClose={() => setPending(null)} />
    </article>
  );
}

function EditRow({
  url,
  chamber,
  year,
  columns,
  onDone,
  onConfirm,
}: {
  url: string;
  chamber: string;
  year: Year;
  columns: { group: 'statistics' | 'finances'; item: string; unit: string }[];
  onDone(): void;
  onConfirm(p: PendingConfirmation): void;
}) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Values>(() =>
    Object.fromEntries(columns.map((c) => [`${c.group}.${c.item}`, year[c.group][c.item]?.toLocaleString('ja-JP') ?? ''])),
  );
  const [typos, setTypos] = useState<Map<string, string>>(new Map());
  const save = useMutation({
    mutationFn: ({
      body,
    }: {
      body: { statistics: Record<string, number | null>; finances: Record<string, number | null>; confirmed: boolean };
    }) => sendJson<YearlyFiguresBody>('PUT', `${url}/${year.fiscalYear}`, body),
    onSuccess: (next) => {
      queryClient.setQueryData(['yearly-figures', chamber], next);
      void queryClient.invalidateQueries({ queryKey: ['progress', chamber] });
      void queryClient.invalidateQueries({ queryKey: ['kpis', chamber] });
      void queryClient.invalidateQueries({ queryKey: ['owners', chamber] });
      onDone();
    },
    onError: (error, { body }) => {
      const confirmation = confirmationOf(error, () => save.mutate({ body: { ...body, confirmed: true } }));
      if (confirmation) onConfirm(confirmation);
    },
  });
  const serverErrors =
    save.error instanceof ApiValidationError ? new Map(save.error.details.map((d) => [d.location, d.message])) : new Map<string, string>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = { statistics: {} as Record<string, number | null>, finances: {} as Record<string, number | null>, confirmed: false };
    const wrong = new Map<string, string>();
    for (const c of columns) {
      const key = `${c.group}.${c.item}`;
      const n = numberOf(values[key] ?? '');
      if (n !== undefined && (Number.isNaN(n) || n < 0)) wrong.set(key, '0以上の数で入力してください');
      body[c.group][c.item] = n ?? null;
    }
    setTypos(wrong);
    if (wrong.size === 0) save.mutate({ body });
  };
  const formId = `yearly-${year.fiscalYear}`;
  return (
    <Table.Tr data-fiscal-year={year.fiscalYear} data-editing>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <form id={formId} onSubmit={submit} aria-label={`${formatFiscalYear(year.fiscalYear)}の数値`} />
        {formatFiscalYear(year.fiscalYear)}
      </Table.Td>
      {columns.map((c, i) => {
        const key = `${c.group}.${c.item}`;
        return (
          <Table.Td key={key}>
            <NumberField
              form={formId}
              aria-label={`${c.item}${c.unit ? `（${c.unit}）` : ''}`}
              value={values[key] ?? ''}
              onChange={(v) => setValues((all) => ({ ...all, [key]: v }))}
              size="xs"
              w={110}
              styles={{ input: { textAlign: 'right' } }}
              autoFocus={i === 0}
              error={typos.get(key) ?? serverErrors.get(key)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') onDone();
              }}
            />
          </Table.Td>
        );
      })}
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Button type="submit" form={formId} size="compact-xs" loading={save.isPending}>
          保存
        </Button>
        <Button size="compact-xs" variant="subtle" onClick={onDone} ml={4}>
          やめる
        </Button>
        {save.isError && !(save.error instanceof ApiValidationError) && (
          <Text size="xs" c="red">
            {save.error.message}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
