/**
 * 支援記録: enter support records one after another with the keyboard, and find, change or
 * delete them. The form keeps 種別, 区分, 日付 and 担当者 after a save (the next record is
 * usually of the same run) and goes back to 事業者. The list below shows the last entered
 * first, so that a slip is seen at once; it filters by 年度, 種別 and text.
 */
import '@mantine/dates/styles.css';
import 'dayjs/locale/ja';
import { Alert, Button, Group, NativeSelect, Paper, Select, SimpleGrid, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { DateInput, DatesProvider } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useMemo, useRef, useState } from 'react';
import { fiscalYearOf, fiscalYearRange, formatFiscalYear, formatJapaneseDate, parseJapaneseDate } from '../../../domain/fiscal-calendar.js';
import {
  SUPPORT_RECORD_FIELDS,
  type SupportRecordField,
  type SupportRecordInput,
  supportRecordInputSchema,
} from '../../../domain/records/support-record.js';
import type { RecordKindsBody, SupportRecordBody, SupportRecordListBody } from '../../../http/schemas/records.js';
import { getJson, useSession } from '../../api.js';
import { BusinessPicker, type PickedBusiness } from '../../components/BusinessPicker.js';
import { ExportMenu } from '../../components/ExportMenu.js';
import { NumberField, numberOf } from '../../components/NumberField.js';
import { ErrorAlert, PageLoader } from '../../components/Status.js';
import { useCan } from '../../permissions.js';
import { usePlanData } from '../../plan-context.js';
import {
  ClosedYearModal,
  confirmationOf,
  DeleteModal,
  ListPages,
  type PendingConfirmation,
  RowActions,
  todayIso,
  useRecordDelete,
  useRecordSave,
} from './entry.js';

const PAGE_SIZE = 50;

interface Draft {
  business: PickedBusiness | null;
  kind: string | null;
  subKind: string | null;
  date: string | null;
  /** As typed (全角 digits too); read when saved. */
  quantity: string;
  amount: string;
  staff: string;
  note: string;
}

type Errors = Partial<Record<SupportRecordField, string>>;

function emptyDraft(previous?: Draft, staff = ''): Draft {
  return {
    business: null,
    kind: previous?.kind ?? null,
    subKind: previous?.subKind ?? null,
    date: previous?.date ?? todayIso(),
    quantity: '1',
    amount: '',
    staff: previous?.staff ?? staff,
    note: '',
  };
}

function draftOf(r: SupportRecordBody): Draft {
  return {
    business: r.businessId === null ? null : { id: r.businessId, code: r.businessCode ?? '', name: r.businessName ?? '' },
    kind: r.kind,
    subKind: r.subKind,
    date: r.date,
    quantity: String(r.quantity),
    amount: r.amount?.toLocaleString('ja-JP') ?? '',
    staff: r.staff ?? '',
    note: r.note ?? '',
  };
}

/** The form's values checked with the same schema the server uses; the problems by field. */
function validate(draft: Draft): { input: SupportRecordInput } | { errors: Errors } {
  const parsed = supportRecordInputSchema.safeParse({
    date: draft.date ?? '',
    businessId: draft.business?.id ?? null,
    kind: draft.kind ?? '',
    subKind: draft.subKind,
    quantity: numberOf(draft.quantity) ?? Number.NaN,
    amount: numberOf(draft.amount) ?? null,
    staff: draft.staff,
    note: draft.note,
  });
  if (parsed.success) return { input: parsed.data };
  const errors: Errors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as SupportRecordField;
    errors[field] ??= issue.message;
  }
  return { errors };
}

export function SupportRecordsPage() {
  const data = usePlanData();
  const chamber = data.chamber.code;
  const api = `/api/v1/chambers/${encodeURIComponent(chamber)}`;
  const canRead = useCan(chamber, 'records.read');
  const canWrite = useCan(chamber, 'records.write');
  const kinds = useQuery({
    queryKey: ['record-kinds', chamber],
    queryFn: () => getJson<RecordKindsBody>(`${api}/record-kinds`),
    enabled: canRead,
    staleTime: 10 * 60_000,
  });
  const [editing, setEditing] = useState<SupportRecordBody | null>(null);
  const [pending, setPending] = useState<PendingConfirmation | null>(null);

  if (!canRead) return <ErrorAlert error={new Error('支援記録は商工会の職員・閲覧のアカウントで見られます')} title="権限がありません" />;
  if (kinds.isPending) return <PageLoader />;
  if (kinds.isError) return <ErrorAlert error={kinds.error} />;
  return (
    <DatesProvider settings={{ locale: 'ja', firstDayOfWeek: 0 }}>
      <article className="page support-records">
        <title>支援記録 | しるべ</title>
        <Title order={1} className="page-title" mb={4}>
          支援記録
        </Title>
        <Text size="sm" c="dimmed" mb="md">
          相談・課題解決・計画策定・補助金申請などの支援を1件ずつ入力します。Enter で保存して次の入力へ、Tab で次の項目へ移ります。
        </Text>
        {canWrite && (
          <EntryForm
            key={editing?.id ?? 'new'}
            chamber={chamber}
            api={api}
            kinds={kinds.data.kinds}
            editing={editing}
            onDone={() => setEditing(null)}
            onConfirm={setPending}
          />
        )}
        <RecordList api={api} chamber={chamber} kinds={kinds.data.kinds} canWrite={canWrite} onEdit={setEditing} onConfirm={setPending} />
        <ClosedYearModal pending={pending} onClose={() => setPending(null)} />
      </article>
    </DatesProvider>
  );
}

function EntryForm({
  chamber,
  api,
  kinds,
  editing,
  onDone,
  onConfirm,
}: {
  chamber: string;
  api: string;
  kinds: RecordKindsBody['kinds'];
  editing: SupportRecordBody | null;
  onDone(): void;
  onConfirm(p: PendingConfirmation): void;
}) {
  const session = useSession().data;
  const [draft, setDraft] = useState<Draft>(() => (editing ? draftOf(editing) : emptyDraft(undefined, session?.user.displayName ?? '')));
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState<SupportRecordBody | null>(null);
  const businessRef = useRef<HTMLInputElement>(null);
  const kind = kinds.find((k) => k.kind === draft.kind);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const { save, otherError } = useRecordSave<SupportRecordInput, SupportRecordBody, SupportRecordField>({
    url: `${api}/support-records`,
    editingId: editing?.id,
    chamber,
    invalidate: ['support-records', 'progress', 'kpis'],
    fields: SUPPORT_RECORD_FIELDS,
    onSaved: (record) => {
      setSaved(record);
      setErrors({});
      if (editing) onDone();
      else {
        setDraft((d) => emptyDraft(d));
        businessRef.current?.focus();
      }
    },
    onFieldErrors: setErrors,
    onConfirm,
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = validate(draft);
    if ('errors' in checked) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    save.mutate({ input: checked.input, confirmed: false });
  };
  return (
    <Paper withBorder p="md" mb="lg" component="form" onSubmit={submit} aria-label={editing ? '支援記録の変更' : '支援記録の入力'}>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {editing ? `支援記録の変更（${editing.externalId ?? editing.id}）` : '支援記録の入力'}
        </Title>
        {saved && !editing && (
          <Text size="sm" c="teal.8" role="status" data-testid="saved-message">
            保存しました: {formatJapaneseDate(saved.date)} {saved.businessName ?? '（事業者なし）'} {saved.kind}
            {saved.subKind ? `・${saved.subKind}` : ''}
          </Text>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm" verticalSpacing="xs">
        <BusinessPicker
          ref={businessRef}
          chamber={chamber}
          value={draft.business}
          onChange={(b) => set('business', b)}
          error={errors.businessId}
          description="商工会自身の記録（施策提案など）は空欄"
          autoFocus={!editing}
        />
        <Select
          label="種別"
          withAsterisk
          data={kinds.map((k) => k.kind)}
          value={draft.kind}
          onChange={(v) => setDraft((d) => ({ ...d, kind: v, subKind: null }))}
          searchable
          selectFirstOptionOnChange
          error={errors.kind}
          placeholder="選ぶか入力"
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label="区分"
          withAsterisk={(kind?.subKinds.length ?? 0) > 0}
          data={kind?.subKinds ?? []}
          value={draft.subKind}
          onChange={(v) => set('subKind', v)}
          searchable
          selectFirstOptionOnChange
          disabled={(kind?.subKinds.length ?? 0) === 0}
          placeholder={(kind?.subKinds.length ?? 0) === 0 ? '区分なし' : '選ぶか入力'}
          error={errors.subKind}
        />
        <DateInput
          label="日付"
          withAsterisk
          value={draft.date}
          onChange={(v) => set('date', v)}
          valueFormat={(d) => formatJapaneseDate(d)}
          dateParser={(input) => parseJapaneseDate(input) ?? null}
          maxDate={todayIso()}
          error={errors.date}
          description="2024/4/1、R6.4.1、令和6年4月1日 でも入力できます"
        />
        <NumberField label="件数" value={draft.quantity} onChange={(v) => set('quantity', v)} error={errors.quantity} />
        <NumberField
          label="金額（千円）"
          value={draft.amount}
          onChange={(v) => set('amount', v)}
          error={errors.amount}
          description={kind?.amountMeans ?? 'ある場合のみ'}
        />
        <TextInput label="担当者" value={draft.staff} onChange={(e) => set('staff', e.currentTarget.value)} error={errors.staff} />
        <Textarea
          label="備考"
          value={draft.note}
          onChange={(e) => set('note', e.currentTarget.value)}
          error={errors.note}
          autosize
          minRows={1}
          maxRows={4}
          description="Shift+Enter で改行"
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
        />
      </SimpleGrid>
      {otherError && <ErrorAlert error={otherError} title="保存できませんでした" />}
      <Group mt="md" gap="sm">
        <Button type="submit" loading={save.isPending}>
          {editing ? '変更を保存（Enter）' : '保存して次へ（Enter）'}
        </Button>
        {editing && (
          <Button variant="default" onClick={onDone}>
            変更をやめる
          </Button>
        )}
      </Group>
    </Paper>
  );
}

function RecordList({
  api,
  chamber,
  kinds,
  canWrite,
  onEdit,
  onConfirm,
}: {
  api: string;
  chamber: string;
  kinds: RecordKindsBody['kinds'];
  canWrite: boolean;
  onEdit(record: SupportRecordBody): void;
  onConfirm(p: PendingConfirmation): void;
}) {
  const plan = usePlanData().plan;
  const thisYear = fiscalYearOf(todayIso());
  const years = useMemo(
    () => fiscalYearRange(plan.baselineYear ?? plan.period.from - 1, Math.max(plan.period.to, thisYear)).reverse(),
    [plan, thisYear],
  );
  const [year, setYear] = useState('');
  const [kind, setKind] = useState('');
  const [text, setText] = useState('');
  const [order, setOrder] = useState<'entered' | 'date'>('entered');
  const [page, setPage] = useState(1);
  const [debouncedText] = useDebouncedValue(text.trim(), 250);
  const params = new URLSearchParams({ order, limit: String(PAGE_SIZE), offset: String((page - 1) * PAGE_SIZE) });
  if (year) params.set('fiscalYear', year);
  if (kind) params.set('kind', kind);
  if (debouncedText) params.set('text', debouncedText);
  const list = useQuery({
    queryKey: ['support-records', chamber, params.toString()],
    queryFn: () => getJson<SupportRecordListBody>(`${api}/support-records?${params}`),
    placeholderData: keepPreviousData,
  });
  const remove = useRecordDelete({
    url: `${api}/support-records`,
    chamber,
    invalidate: ['support-records', 'progress', 'kpis'],
    onConfirm,
  });
  const [deleting, setDeleting] = useState<SupportRecordBody | null>(null);
  const reset = (f: () => void) => {
    f();
    setPage(1);
  };

  return (
    <section aria-label="支援記録の一覧">
      <Group justify="space-between" align="flex-end" mb="xs" wrap="wrap">
        <Title order={2} size="h4">
          {order === 'entered' ? '最近入力した記録' : '支援記録の一覧'}
          {list.data && (
            <Text span size="sm" c="dimmed" ml="sm">
              {list.data.total.toLocaleString('ja-JP')}件
            </Text>
          )}
        </Title>
        <Group gap="xs" align="flex-end" wrap="wrap">
          <NativeSelect
            label="年度"
            size="xs"
            value={year}
            onChange={(e) => reset(() => setYear(e.currentTarget.value))}
            data={[{ value: '', label: 'すべて' }, ...years.map((y) => ({ value: String(y), label: formatFiscalYear(y) }))]}
          />
          <NativeSelect
            label="種別"
            size="xs"
            value={kind}
            onChange={(e) => reset(() => setKind(e.currentTarget.value))}
            data={[{ value: '', label: 'すべて' }, ...kinds.map((k) => k.kind)]}
          />
          <TextInput
            label="検索"
            size="xs"
            placeholder="事業者名・フリガナ・備考"
            value={text}
            onChange={(e) => reset(() => setText(e.currentTarget.value))}
          />
          <NativeSelect
            label="並び順"
            size="xs"
            value={order}
            onChange={(e) => reset(() => setOrder(e.currentTarget.value === 'date' ? 'date' : 'entered'))}
            data={[
              { value: 'entered', label: '入力の新しい順' },
              { value: 'date', label: '日付の新しい順' },
            ]}
          />
          <ExportMenu chamber={chamber} kind="support" filter={{ fiscalYear: year, recordKind: kind }} />
        </Group>
      </Group>
      {list.isPending ? (
        <PageLoader />
      ) : list.isError ? (
        <ErrorAlert error={list.error} />
      ) : list.data.rows.length === 0 ? (
        <Alert color="gray" variant="light">
          該当する支援記録はありません。
        </Alert>
      ) : (
        <>
          <Table striped highlightOnHover verticalSpacing={4} fz="sm" className="record-table" data-testid="support-record-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>日付</Table.Th>
                <Table.Th>事業者</Table.Th>
                <Table.Th>種別・区分</Table.Th>
                <Table.Th ta="right">件数</Table.Th>
                <Table.Th ta="right">金額（千円）</Table.Th>
                <Table.Th>担当者</Table.Th>
                <Table.Th>備考</Table.Th>
                {canWrite && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.rows.map((r) => (
                <Table.Tr key={r.id} data-record-id={r.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatJapaneseDate(r.date)}</Table.Td>
                  <Table.Td>
                    {r.businessName ?? <Text c="dimmed">（商工会）</Text>}
                    {r.businessCode && (
                      <Text size="xs" c="dimmed">
                        {r.businessCode}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {r.kind}
                    {r.subKind && <Text size="xs">{r.subKind}</Text>}
                  </Table.Td>
                  <Table.Td ta="right">{r.quantity}</Table.Td>
                  <Table.Td ta="right">{r.amount === null ? '' : r.amount.toLocaleString('ja-JP')}</Table.Td>
                  <Table.Td>{r.staff}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'pre-line', maxWidth: 280 }}>{r.note}</Table.Td>
                  {canWrite && <RowActions onEdit={() => onEdit(r)} onDelete={() => setDeleting(r)} />}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <ListPages total={list.data.total} pageSize={PAGE_SIZE} page={page} onChange={setPage} />
        </>
      )}
      <DeleteModal
        item={deleting}
        title="支援記録を削除しますか"
        onClose={() => setDeleting(null)}
        onDelete={(d) => remove.mutate({ id: d.id, confirmed: false })}
      >
        {(deleting) => (
          <>
            {formatJapaneseDate(deleting.date)} {deleting.businessName ?? '（商工会）'} {deleting.kind}
            {deleting.subKind ? `・${deleting.subKind}` : ''}（{deleting.quantity}件）を削除します。
          </>
        )}
      </DeleteModal>
      {remove.isError && !confirmationOf(remove.error, () => undefined) && <ErrorAlert error={remove.error} title="削除できませんでした" />}
    </section>
  );
}
