/**
 * Under a KPI's table on the measure page: the history of its targets (every revision, in the
 * order decided, with the body, the day, the reason and who entered it) and, for 管理者, 目標値を改訂:
 * a dialog with 年度, 目標値 (or 設定なし), 理由, 決定日 and 決定機関 (評価委員会 / 理事会 / 総会 /
 * その他 written in). The form checks with the server's own schema before sending; what the server
 * refuses (a day after the year ended, the target already in force) comes back beside its field.
 */
import '@mantine/core/styles/Checkbox.css';
import '@mantine/dates/styles.css';
import 'dayjs/locale/ja';
import { Alert, Button, Checkbox, Group, Modal, NativeSelect, NumberInput, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { fiscalYearOf, formatFiscalYear, formatJapaneseDate } from '../../domain/fiscal-calendar.js';
import {
  DECISION_BODIES,
  TARGET_REVISION_FIELDS,
  type TargetRevisionField,
  type TargetRevisionInput,
  targetRevisionInputSchema,
} from '../../domain/plan/target-revision.js';
import type { TargetHistoryBody } from '../../http/schemas/targets.js';
import { sendJson } from '../api.js';
import { formatTarget } from '../format.js';
import { serverFieldErrors, todayIso, useUnreadableDates } from '../pages/records/entry.js';
import { useCan } from '../permissions.js';
import { usePlanData } from '../plan-context.js';
import type { Kpi, PlanKpi } from '../types.js';
import { DATE_EXAMPLES, JapaneseDateInput } from './JapaneseDateInput.js';
import { ErrorAlert } from './Status.js';

const OTHER = 'その他';
type Errors = Partial<Record<TargetRevisionField, string>>;

/** The KPI and its うち, as the plan's flat list has them (with their histories). */
function kpisOf(kpis: readonly PlanKpi[], kpi: Kpi): PlanKpi[] {
  const codes = [kpi.code, ...kpi.breakdown.map((s) => s.code)];
  return codes.flatMap((c) => kpis.filter((k) => k.code === c));
}

const nameOf = (k: PlanKpi) => (k.parentCode ? `うち${k.name}` : k.name);

export function TargetRevisions({ kpi, years }: { kpi: Kpi; years: number[] }) {
  const data = usePlanData();
  const chamber = data.chamber.code;
  const canRevise = useCan(chamber, 'settings.manage');
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const kpis = kpisOf(data.kpis, kpi);
  const entries = kpis.flatMap((k) =>
    k.targetHistory.flatMap((y) => y.revisions.map((r, i) => ({ kpi: k, year: y, revision: r, key: `${k.code}/${y.fiscalYear}/${i}` }))),
  );
  if (entries.length === 0 && !canRevise) return null;
  return (
    <div className="target-revisions" data-target-revisions={kpi.code}>
      {entries.length > 0 && (
        <>
          <Text className="target-revisions-caption">目標値の改訂</Text>
          <Table className="target-revisions-table" withTableBorder verticalSpacing={4} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>年度</Table.Th>
                {kpis.length > 1 && <Table.Th>指標</Table.Th>}
                <Table.Th className="num">目標値</Table.Th>
                <Table.Th>決定日</Table.Th>
                <Table.Th>決定機関</Table.Th>
                <Table.Th>理由</Table.Th>
                <Table.Th>入力</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.map(({ kpi: k, year: y, revision: r, key }) => (
                <Table.Tr key={key} data-revision={`${k.code}/${y.fiscalYear}`}>
                  <Table.Td>{formatFiscalYear(y.fiscalYear, 'short')}</Table.Td>
                  {kpis.length > 1 && <Table.Td>{nameOf(k)}</Table.Td>}
                  <Table.Td className="num">
                    {formatTarget(r.previous)} → {formatTarget(r.value)}
                  </Table.Td>
                  <Table.Td>{formatJapaneseDate(r.decidedOn)}</Table.Td>
                  <Table.Td>{r.decidedBy}</Table.Td>
                  <Table.Td className="target-revision-reason">
                    {r.reason ?? '—'}
                    {r.afterYearEnd && (
                      <Text span size="xs" c="dimmed" display="block">
                        年度終了後の決定のため評価には使いません
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text span size="xs" c="dimmed">
                      {r.via === 'import' ? `計画ファイル ${r.source ?? ''}` : r.enteredBy}　{formatJapaneseDate(r.enteredAt.slice(0, 10))}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
      {canRevise && (
        <Group gap="sm" mt={6} className="no-print">
          <Button size="xs" variant="default" onClick={() => setOpen(true)}>
            目標値を改訂
          </Button>
          {done && (
            <Text size="sm" c="teal.8" role="status">
              {done}
            </Text>
          )}
        </Group>
      )}
      {canRevise && (
        // Escape closes the calendar of 決定日, and would close the dialog with it, losing what was typed:
        // the dialog closes by やめる or its close button only.
        <Modal opened={open} onClose={() => setOpen(false)} title={`目標値の改訂：${kpi.name}`} size="lg" closeOnEscape={false}>
          {open && (
            <RevisionForm
              kpis={kpis}
              years={years}
              onDone={(message) => {
                setDone(message);
                setOpen(false);
              }}
              onCancel={() => setOpen(false)}
            />
          )}
        </Modal>
      )}
    </div>
  );
}

interface Draft {
  code: string;
  fiscalYear: number;
  value: number | string;
  unset: boolean;
  reason: string;
  decidedOn: string | null;
  body: string;
  otherBody: string;
}

function RevisionForm({
  kpis,
  years,
  onDone,
  onCancel,
}: {
  kpis: PlanKpi[];
  years: number[];
  onDone(message: string): void;
  onCancel(): void;
}) {
  const data = usePlanData();
  const chamber = data.chamber.code;
  const queryClient = useQueryClient();
  const today = todayIso();
  const thisYear = Math.min(Math.max(fiscalYearOf(today), years[0] ?? 0), years.at(-1) ?? 0);
  const [draft, setDraft] = useState<Draft>(() => ({
    code: kpis[0]?.code ?? '',
    fiscalYear: thisYear,
    value: '',
    unset: false,
    reason: '',
    decidedOn: today,
    body: DECISION_BODIES[0],
    otherBody: '',
  }));
  const [errors, setErrors] = useState<Errors>({});
  const dates = useUnreadableDates<'decidedOn'>();
  const set = <K extends keyof Draft>(key: K, value: Draft[K], field?: TargetRevisionField) => {
    setDraft((d) => ({ ...d, [key]: value }));
    if (field) setErrors(({ [field]: _gone, ...rest }) => rest);
  };
  const kpi = kpis.find((k) => k.code === draft.code) ?? kpis[0];
  const history = kpi?.targetHistory.find((y) => y.fiscalYear === draft.fiscalYear);

  const save = useMutation({
    mutationFn: (input: TargetRevisionInput) =>
      sendJson<TargetHistoryBody>(
        'POST',
        `/api/v1/chambers/${encodeURIComponent(chamber)}/kpis/${encodeURIComponent(draft.code)}/targets/${draft.fiscalYear}`,
        input,
      ),
    onSuccess: async (_body, input) => {
      for (const key of ['plan', 'kpis', 'progress', 'kpi-records']) await queryClient.invalidateQueries({ queryKey: [key, chamber] });
      onDone(
        `${kpi ? nameOf(kpi) : ''} ${formatFiscalYear(draft.fiscalYear, 'short')}の目標値を ${formatTarget(input.value)} に改訂しました`,
      );
    },
    onError: (error) => setErrors(serverFieldErrors(error, TARGET_REVISION_FIELDS)),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = targetRevisionInputSchema.safeParse({
      value: draft.unset ? null : draft.value === '' ? Number.NaN : Number(draft.value),
      reason: draft.reason,
      decidedOn: draft.decidedOn ?? '',
      decidedBy: draft.body === OTHER ? draft.otherBody : draft.body,
    });
    if (!parsed.success) {
      const found: Errors = {};
      for (const issue of parsed.error.issues) found[issue.path[0] as TargetRevisionField] ??= issue.message;
      setErrors(found);
      return;
    }
    if (Object.keys(dates.current()).length > 0) return;
    setErrors({});
    save.mutate(parsed.data);
  };
  const otherError = save.isError && Object.keys(serverFieldErrors(save.error, TARGET_REVISION_FIELDS)).length === 0 ? save.error : null;

  return (
    <DatesProvider settings={{ locale: 'ja', firstDayOfWeek: 0 }}>
      <form onSubmit={submit} aria-label="目標値の改訂" noValidate>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {'評価委員会・理事会・総会などで決めた目標値を、決めた日とともに記録します。当初の目標値とこれまでの改訂は残ります。' +
              '年度の評価には、その年度の終わり（3月31日）に有効な目標値を使います。'}
          </Text>
          {kpis.length > 1 && (
            <NativeSelect
              label="指標"
              value={draft.code}
              onChange={(e) => set('code', e.currentTarget.value)}
              data={kpis.map((k) => ({ value: k.code, label: nameOf(k) }))}
            />
          )}
          <NativeSelect
            label="年度"
            withAsterisk
            value={String(draft.fiscalYear)}
            onChange={(e) => set('fiscalYear', Number(e.currentTarget.value), 'fiscalYear')}
            data={years.map((y) => {
              const h = kpi?.targetHistory.find((t) => t.fiscalYear === y);
              return { value: String(y), label: `${formatFiscalYear(y)}（現在 ${formatTarget(h?.target)}）` };
            })}
            error={errors.fiscalYear}
            description={
              history
                ? `現在の目標値 ${formatTarget(history.target)}${kpi ? kpi.unit : ''}${history.original !== history.target ? `（当初 ${formatTarget(history.original)}）` : ''}`
                : undefined
            }
            inputWrapperOrder={['label', 'input', 'description', 'error']}
          />
          <Group align="flex-start" gap="md" wrap="nowrap">
            <NumberInput
              label="新しい目標値"
              withAsterisk={!draft.unset}
              value={draft.unset ? '' : draft.value}
              onChange={(v) => set('value', v, 'value')}
              disabled={draft.unset}
              thousandSeparator=","
              decimalScale={3}
              suffix={kpi ? ` ${kpi.unit}` : undefined}
              error={errors.value}
              style={{ flex: 1 }}
            />
            <Checkbox
              mt={30}
              label="設定なし"
              checked={draft.unset}
              onChange={(e) => set('unset', e.currentTarget.checked, 'value')}
              description="この年度の目標値をなくす"
            />
          </Group>
          <Textarea
            label="理由"
            withAsterisk
            autosize
            minRows={2}
            value={draft.reason}
            onChange={(e) => set('reason', e.currentTarget.value, 'reason')}
            error={errors.reason}
            placeholder="例: 評価委員会から、実態に合わない目標として見直しを求められたため"
          />
          <Group align="flex-start" gap="md" grow>
            <JapaneseDateInput
              label="決定日"
              withAsterisk
              value={draft.decidedOn}
              onChange={(v) => set('decidedOn', v, 'decidedOn')}
              maxDate={todayIso()}
              onUnreadable={dates.report('decidedOn')}
              error={dates.problems.decidedOn ?? errors.decidedOn}
              description={`会議などで決めた日。${DATE_EXAMPLES} でも`}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              popoverProps={{ withinPortal: true }}
            />
            <Stack gap={4}>
              <NativeSelect
                label="決定機関"
                withAsterisk
                value={draft.body}
                onChange={(e) => set('body', e.currentTarget.value, 'decidedBy')}
                data={[...DECISION_BODIES, OTHER]}
                error={draft.body === OTHER ? undefined : errors.decidedBy}
              />
              {draft.body === OTHER && (
                <TextInput
                  aria-label="決定機関（その他）"
                  placeholder="例: 正副会長会議"
                  value={draft.otherBody}
                  onChange={(e) => set('otherBody', e.currentTarget.value, 'decidedBy')}
                  error={errors.decidedBy}
                />
              )}
            </Stack>
          </Group>
          {otherError && <ErrorAlert error={otherError} title="改訂できませんでした" />}
          {history && history.revisions.length > 0 && (
            <Alert variant="light" color="gray" p="xs">
              <Text size="xs">
                {formatFiscalYear(draft.fiscalYear, 'short')}のこれまでの改訂: {history.revisions.length}件（当初{' '}
                {formatTarget(history.original)}）
              </Text>
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onCancel}>
              やめる
            </Button>
            <Button type="submit" loading={save.isPending}>
              改訂を記録する
            </Button>
          </Group>
        </Stack>
      </form>
    </DatesProvider>
  );
}
