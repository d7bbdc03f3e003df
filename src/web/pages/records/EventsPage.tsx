/**
 * イベント: enter events (商談会, セミナー, コミュニティビジネスの催し …) with their 来場者数 and the
 * businesses that took part, and find, change or delete them. Participants are added one by one
 * by name or フリガナ in any kana (Enter adds the first match, and the field is ready for the
 * next); a business already in the list is refused beside the field. 区分 is free text with the
 * 区分 the plan's KPIs count offered first: 10-1 counts コミュニティビジネス exactly.
 */
import '@mantine/core/styles/Pill.css';
import '@mantine/dates/styles.css';
import 'dayjs/locale/ja';
import {
  Alert,
  Autocomplete,
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  Pill,
  SimpleGrid,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useMemo, useRef, useState } from 'react';
import { fiscalYearOf, fiscalYearRange, formatFiscalYear, formatJapaneseDate } from '../../../domain/fiscal-calendar.js';
import { EVENT_FIELDS, type EventField, type EventInput, eventInputSchema } from '../../../domain/records/event.js';
import type { EventBody, EventCategoriesBody, EventListBody, EventSummaryBody } from '../../../http/schemas/events.js';
import { getJson } from '../../api.js';
import { BusinessPicker, businessLabel, type PickedBusiness } from '../../components/BusinessPicker.js';
import { ExportMenu } from '../../components/ExportMenu.js';
import { DATE_EXAMPLES, JapaneseDateInput } from '../../components/JapaneseDateInput.js';
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
  useUnreadableDates,
} from './entry.js';

const PAGE_SIZE = 50;

interface Draft {
  name: string;
  date: string | null;
  category: string;
  visitors: number | string;
  participants: PickedBusiness[];
}

type Errors = Partial<Record<EventField, string>>;

const emptyDraft = (): Draft => ({ name: '', date: todayIso(), category: '', visitors: 0, participants: [] });

function draftOf(e: EventBody): Draft {
  return {
    name: e.name,
    date: e.date,
    category: e.category ?? '',
    visitors: e.visitors,
    participants: e.participants.map((p) => ({ id: p.businessId, code: p.code, name: p.name })),
  };
}

/** The form's values checked with the same schema the server uses; the problems by field. */
function validate(draft: Draft): { input: EventInput } | { errors: Errors } {
  const parsed = eventInputSchema.safeParse({
    name: draft.name,
    date: draft.date ?? '',
    category: draft.category,
    visitors: draft.visitors === '' ? Number.NaN : Number(draft.visitors),
    participantIds: draft.participants.map((p) => p.id),
  });
  if (parsed.success) return { input: parsed.data };
  const errors: Errors = {};
  for (const issue of parsed.error.issues) errors[issue.path[0] as EventField] ??= issue.message;
  return { errors };
}

export function EventsPage() {
  const data = usePlanData();
  const chamber = data.chamber.code;
  const api = `/api/v1/chambers/${encodeURIComponent(chamber)}`;
  const canRead = useCan(chamber, 'records.read');
  const canWrite = useCan(chamber, 'records.write');
  const categories = useQuery({
    queryKey: ['event-categories', chamber],
    queryFn: () => getJson<EventCategoriesBody>(`${api}/event-categories`),
    enabled: canRead,
  });
  const [editing, setEditing] = useState<EventBody | null>(null);
  const [opening, setOpening] = useState<Error | null>(null);
  const [pending, setPending] = useState<PendingConfirmation | null>(null);
  const open = async (id: number) => {
    try {
      setOpening(null);
      setEditing(await getJson<EventBody>(`${api}/events/${id}`));
      window.scrollTo({ top: 0 });
    } catch (error) {
      setOpening(error instanceof Error ? error : new Error(String(error)));
    }
  };

  if (!canRead) return <ErrorAlert error={new Error('イベントは商工会の職員・閲覧のアカウントで見られます')} title="権限がありません" />;
  if (categories.isPending) return <PageLoader />;
  if (categories.isError) return <ErrorAlert error={categories.error} />;
  return (
    <DatesProvider settings={{ locale: 'ja', firstDayOfWeek: 0 }}>
      <article className="page events">
        <title>イベント | しるべ</title>
        <Title order={1} className="page-title" mb={4}>
          イベント
        </Title>
        <Text size="sm" c="dimmed" mb="md">
          商談会・セミナー・コミュニティビジネスの催しなどを、来場者数と参加事業者とともに入力します。来場者数は区分ごとに KPI
          に数えられます。
        </Text>
        {canWrite && (
          <EventForm
            key={editing?.id ?? 'new'}
            chamber={chamber}
            api={api}
            categories={categories.data}
            editing={editing}
            onDone={() => setEditing(null)}
            onConfirm={setPending}
          />
        )}
        {opening !== null && <ErrorAlert error={opening} title="イベントを開けませんでした" />}
        <EventList
          api={api}
          chamber={chamber}
          categories={categories.data.categories}
          canWrite={canWrite}
          onEdit={(e) => void open(e.id)}
          onConfirm={setPending}
        />
        <ClosedYearModal pending={pending} onClose={() => setPending(null)} />
      </article>
    </DatesProvider>
  );
}

function EventForm({
  chamber,
  api,
  categories,
  editing,
  onDone,
  onConfirm,
}: {
  chamber: string;
  api: string;
  categories: EventCategoriesBody;
  editing: EventBody | null;
  onDone(): void;
  onConfirm(p: PendingConfirmation): void;
}) {
  const [draft, setDraft] = useState<Draft>(() => (editing ? draftOf(editing) : emptyDraft()));
  const [errors, setErrors] = useState<Errors>({});
  const [pickError, setPickError] = useState<string | null>(null);
  const [saved, setSaved] = useState<EventBody | null>(null);
  const dates = useUnreadableDates<'date'>();
  const nameRef = useRef<HTMLInputElement>(null);
  // A field changed is no longer wrong as far as the form knows: its message goes until the next save.
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors(({ [key === 'participants' ? 'participantIds' : (key as EventField)]: _gone, ...rest }) => rest);
  };

  const { save, otherError } = useRecordSave<EventInput, EventBody, EventField>({
    url: `${api}/events`,
    editingId: editing?.id,
    chamber,
    invalidate: ['events', 'event-categories', 'progress', 'kpis'],
    fields: EVENT_FIELDS,
    onSaved: (event) => {
      setSaved(event);
      setErrors({});
      setPickError(null);
      if (editing) onDone();
      else {
        setDraft(emptyDraft());
        nameRef.current?.focus();
      }
    },
    onFieldErrors: setErrors,
    onConfirm,
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = validate(draft);
    const unreadable = dates.current();
    // A date typed that cannot be read is already shown beside its field (dates.problems).
    if ('errors' in checked || Object.keys(unreadable).length > 0) {
      setErrors('errors' in checked ? checked.errors : {});
      return;
    }
    setErrors({});
    save.mutate({ input: checked.input, confirmed: false });
  };
  const addParticipant = (b: PickedBusiness | null) => {
    if (!b) return;
    if (draft.participants.some((p) => p.id === b.id)) {
      setPickError(`${businessLabel(b)}はすでに参加事業者に入っています`);
      return;
    }
    setPickError(null);
    set('participants', [...draft.participants, b]);
  };

  return (
    <Paper withBorder p="md" mb="lg" component="form" onSubmit={submit} aria-label={editing ? 'イベントの変更' : 'イベントの入力'}>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {editing ? `イベントの変更（${editing.externalId}）` : 'イベントの入力'}
        </Title>
        {saved && !editing && (
          <Text size="sm" c="teal.8" role="status" data-testid="saved-message">
            保存しました: {formatJapaneseDate(saved.date)} {saved.name}（参加事業者{saved.participants.length}件）
          </Text>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm" verticalSpacing="xs">
        <TextInput
          ref={nameRef}
          label="名称"
          withAsterisk
          value={draft.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          error={errors.name}
          autoFocus={!editing}
          autoComplete="off"
        />
        <JapaneseDateInput
          label="日付"
          withAsterisk
          value={draft.date}
          onChange={(v) => set('date', v)}
          maxDate={todayIso()}
          onUnreadable={dates.report('date')}
          error={dates.problems.date ?? errors.date}
          description={`開催日（複数日なら初日）。${DATE_EXAMPLES} でも`}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
        />
        <Autocomplete
          label="区分"
          value={draft.category}
          onChange={(v) => set('category', v)}
          data={categories.categories}
          error={errors.category}
          description={
            categories.countedByKpis.length > 0 ? `KPI が数える区分: ${categories.countedByKpis.join('、')}` : '商談会、セミナー など'
          }
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          comboboxProps={{ withinPortal: true }}
        />
        <NumberInput
          label="来場者数"
          value={draft.visitors}
          onChange={(v) => set('visitors', v)}
          min={0}
          thousandSeparator=","
          allowDecimal={false}
          allowNegative={false}
          error={errors.visitors}
          suffix="人"
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="sm" mt="xs">
        <BusinessPicker
          chamber={chamber}
          value={null}
          onChange={addParticipant}
          clearOnPick
          label="参加事業者を追加"
          description="名前・フリガナで探して Enter で追加（空のときの Enter は保存）"
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          error={pickError ?? errors.participantIds}
        />
        <div>
          <Text size="sm" fw={500} mb={4}>
            参加事業者（{draft.participants.length}件）
          </Text>
          {draft.participants.length === 0 ? (
            <Text size="sm" c="dimmed">
              まだありません
            </Text>
          ) : (
            <Pill.Group data-testid="participants">
              {draft.participants.map((p) => (
                <Pill
                  key={p.id}
                  size="md"
                  withRemoveButton
                  onRemove={() =>
                    set(
                      'participants',
                      draft.participants.filter((x) => x.id !== p.id),
                    )
                  }
                  removeButtonProps={{ 'aria-label': `${p.name}を外す` }}
                >
                  {businessLabel(p)}
                </Pill>
              ))}
            </Pill.Group>
          )}
        </div>
      </SimpleGrid>
      {otherError && <ErrorAlert error={otherError} title="保存できませんでした" />}
      <Group mt="md" gap="sm">
        <Button type="submit" loading={save.isPending}>
          {editing ? '変更を保存' : 'イベントを保存'}
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

function EventList({
  api,
  chamber,
  categories,
  canWrite,
  onEdit,
  onConfirm,
}: {
  api: string;
  chamber: string;
  categories: string[];
  canWrite: boolean;
  onEdit(event: EventSummaryBody): void;
  onConfirm(p: PendingConfirmation): void;
}) {
  const plan = usePlanData().plan;
  const thisYear = fiscalYearOf(todayIso());
  const years = useMemo(
    () => fiscalYearRange(plan.baselineYear ?? plan.period.from - 1, Math.max(plan.period.to, thisYear)).reverse(),
    [plan, thisYear],
  );
  const [year, setYear] = useState('');
  const [category, setCategory] = useState('');
  const [text, setText] = useState('');
  const [page, setPage] = useState(1);
  const [debouncedText] = useDebouncedValue(text.trim(), 250);
  const params = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String((page - 1) * PAGE_SIZE) });
  if (year) params.set('fiscalYear', year);
  if (category) params.set('category', category);
  if (debouncedText) params.set('text', debouncedText);
  const list = useQuery({
    queryKey: ['events', chamber, params.toString()],
    queryFn: () => getJson<EventListBody>(`${api}/events?${params}`),
    placeholderData: keepPreviousData,
  });
  const remove = useRecordDelete({
    url: `${api}/events`,
    chamber,
    invalidate: ['events', 'event-categories', 'progress', 'kpis'],
    onConfirm,
  });
  const [deleting, setDeleting] = useState<EventSummaryBody | null>(null);
  const reset = (f: () => void) => {
    f();
    setPage(1);
  };

  return (
    <section aria-label="イベントの一覧">
      <Group justify="space-between" align="flex-end" mb="xs" wrap="wrap">
        <Title order={2} size="h4">
          イベントの一覧
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
            label="区分"
            size="xs"
            value={category}
            onChange={(e) => reset(() => setCategory(e.currentTarget.value))}
            data={[{ value: '', label: 'すべて' }, ...categories]}
          />
          <TextInput
            label="検索"
            size="xs"
            placeholder="名称・事業者・ID"
            value={text}
            onChange={(e) => reset(() => setText(e.currentTarget.value))}
          />
          <ExportMenu chamber={chamber} kind="events" filter={{ fiscalYear: year }} />
        </Group>
      </Group>
      {list.isPending ? (
        <PageLoader />
      ) : list.isError ? (
        <ErrorAlert error={list.error} />
      ) : list.data.rows.length === 0 ? (
        <Alert color="gray" variant="light">
          該当するイベントはありません。
        </Alert>
      ) : (
        <>
          <Table striped highlightOnHover verticalSpacing={4} fz="sm" className="record-table" data-testid="event-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>日付</Table.Th>
                <Table.Th>名称</Table.Th>
                <Table.Th>区分</Table.Th>
                <Table.Th ta="right">来場者数</Table.Th>
                <Table.Th ta="right">参加事業者</Table.Th>
                {canWrite && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.rows.map((e) => (
                <Table.Tr key={e.id} data-event-id={e.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatJapaneseDate(e.date)}</Table.Td>
                  <Table.Td>
                    {e.name}
                    <Text size="xs" c="dimmed">
                      {e.externalId}
                    </Text>
                  </Table.Td>
                  <Table.Td>{e.category}</Table.Td>
                  <Table.Td ta="right">{e.visitors.toLocaleString('ja-JP')}人</Table.Td>
                  <Table.Td ta="right">{e.participantCount}件</Table.Td>
                  {canWrite && <RowActions onEdit={() => onEdit(e)} onDelete={() => setDeleting(e)} />}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <ListPages total={list.data.total} pageSize={PAGE_SIZE} page={page} onChange={setPage} />
        </>
      )}
      <DeleteModal
        item={deleting}
        title="イベントを削除しますか"
        onClose={() => setDeleting(null)}
        onDelete={(d) => remove.mutate({ id: d.id, confirmed: false })}
      >
        {(deleting) => (
          <>
            {formatJapaneseDate(deleting.date)} {deleting.name}（来場者{deleting.visitors.toLocaleString('ja-JP')}人、参加事業者
            {deleting.participantCount}件）を削除します。
          </>
        )}
      </DeleteModal>
      {remove.isError && !confirmationOf(remove.error, () => undefined) && <ErrorAlert error={remove.error} title="削除できませんでした" />}
    </section>
  );
}
