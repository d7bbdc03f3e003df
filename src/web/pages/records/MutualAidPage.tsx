/**
 * 共済: enter a business's 貯蓄共済 or 福祉共済 with 加入日, 解約日 and 証券番号, and find, change or
 * delete them. The list shows who holds one on a day (加入日 ≤ その日 ＜ 解約日), the day 6-3
 * counts being 1月末. A change that alters a closed year's 加入者数 asks first, naming the KPIs.
 */
import '@mantine/dates/styles.css';
import 'dayjs/locale/ja';
import { Alert, Badge, Button, Group, NativeSelect, Paper, Select, SimpleGrid, Table, Text, TextInput, Title } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { formatJapaneseDate } from '../../../domain/fiscal-calendar.js';
import {
  MUTUAL_AID_FIELDS,
  MUTUAL_AID_TYPES,
  type MutualAidField,
  type MutualAidInput,
  mutualAidInputSchema,
} from '../../../domain/records/mutual-aid.js';
import type { MutualAidBody, MutualAidListBody } from '../../../http/schemas/mutual-aid.js';
import { getJson } from '../../api.js';
import { BusinessPicker, type PickedBusiness } from '../../components/BusinessPicker.js';
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
  business: PickedBusiness | null;
  type: string | null;
  joinedOn: string | null;
  leftOn: string | null;
  externalId: string;
}

type Errors = Partial<Record<MutualAidField, string>>;

const emptyDraft = (previous?: Draft): Draft => ({
  business: null,
  type: previous?.type ?? MUTUAL_AID_TYPES[0],
  joinedOn: previous?.joinedOn ?? null,
  leftOn: null,
  externalId: '',
});

function draftOf(s: MutualAidBody): Draft {
  return {
    business: { id: s.businessId, code: s.businessCode, name: s.businessName },
    type: s.type,
    joinedOn: s.joinedOn,
    leftOn: s.leftOn,
    externalId: s.externalId ?? '',
  };
}

/** The form's values checked with the same schema the server uses; the problems by field. */
function validate(draft: Draft): { input: MutualAidInput } | { errors: Errors } {
  const parsed = mutualAidInputSchema.safeParse({
    businessId: draft.business?.id ?? null,
    type: draft.type ?? '',
    joinedOn: draft.joinedOn ?? '',
    leftOn: draft.leftOn,
    externalId: draft.externalId,
  });
  if (parsed.success) return { input: parsed.data };
  const errors: Errors = {};
  for (const issue of parsed.error.issues) errors[issue.path[0] as MutualAidField] ??= issue.message;
  return { errors };
}

/** 加入日 ≤ day < 解約日 */
const holds = (s: MutualAidBody, day: string) => s.joinedOn <= day && (s.leftOn === null || day < s.leftOn);

export function MutualAidPage() {
  const data = usePlanData();
  const chamber = data.chamber.code;
  const api = `/api/v1/chambers/${encodeURIComponent(chamber)}`;
  const canRead = useCan(chamber, 'records.read');
  const canWrite = useCan(chamber, 'records.write');
  const [editing, setEditing] = useState<MutualAidBody | null>(null);
  const [pending, setPending] = useState<PendingConfirmation | null>(null);

  if (!canRead) return <ErrorAlert error={new Error('共済は商工会の職員・閲覧のアカウントで見られます')} title="権限がありません" />;
  return (
    <DatesProvider settings={{ locale: 'ja', firstDayOfWeek: 0 }}>
      <article className="page mutual-aid">
        <title>共済 | しるべ</title>
        <Title order={1} className="page-title" mb={4}>
          共済
        </Title>
        <Text size="sm" c="dimmed" mb="md">
          事業者の貯蓄共済・福祉共済の加入と解約を入力します。解約日の当日からは加入者に数えません。
        </Text>
        {canWrite && (
          <MutualAidForm
            key={editing?.id ?? 'new'}
            chamber={chamber}
            api={api}
            editing={editing}
            onDone={() => setEditing(null)}
            onConfirm={setPending}
          />
        )}
        <MutualAidList
          api={api}
          chamber={chamber}
          canWrite={canWrite}
          onEdit={(s) => {
            setEditing(s);
            window.scrollTo({ top: 0 });
          }}
          onConfirm={setPending}
        />
        <ClosedYearModal pending={pending} onClose={() => setPending(null)} />
      </article>
    </DatesProvider>
  );
}

function MutualAidForm({
  chamber,
  api,
  editing,
  onDone,
  onConfirm,
}: {
  chamber: string;
  api: string;
  editing: MutualAidBody | null;
  onDone(): void;
  onConfirm(p: PendingConfirmation): void;
}) {
  const [draft, setDraft] = useState<Draft>(() => (editing ? draftOf(editing) : emptyDraft()));
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState<MutualAidBody | null>(null);
  const dates = useUnreadableDates<'joinedOn' | 'leftOn'>();
  const businessRef = useRef<HTMLInputElement>(null);
  // A field changed is no longer wrong as far as the form knows: its message goes until the next save.
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors(({ [key === 'business' ? 'businessId' : (key as MutualAidField)]: _gone, ...rest }) => rest);
  };
  const today = todayIso();

  const { save, otherError } = useRecordSave<MutualAidInput, MutualAidBody, MutualAidField>({
    url: `${api}/mutual-aid`,
    editingId: editing?.id,
    chamber,
    invalidate: ['mutual-aid', 'progress', 'kpis'],
    fields: MUTUAL_AID_FIELDS,
    onSaved: (s) => {
      setSaved(s);
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
    const unreadable = dates.current();
    // A date typed that cannot be read is already shown beside its field (dates.problems).
    if ('errors' in checked || Object.keys(unreadable).length > 0) {
      setErrors('errors' in checked ? checked.errors : {});
      return;
    }
    setErrors({});
    save.mutate({ input: checked.input, confirmed: false });
  };

  return (
    <Paper withBorder p="md" mb="lg" component="form" onSubmit={submit} aria-label={editing ? '共済の変更' : '共済の入力'}>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {editing ? `共済の変更（${editing.businessName}）` : '共済の入力'}
        </Title>
        {saved && !editing && (
          <Text size="sm" c="teal.8" role="status" data-testid="saved-message">
            保存しました: {saved.businessName} {saved.type} {formatJapaneseDate(saved.joinedOn)}加入
          </Text>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" verticalSpacing="xs">
        <BusinessPicker
          ref={businessRef}
          chamber={chamber}
          value={draft.business}
          onChange={(b) => set('business', b)}
          error={errors.businessId}
          autoFocus={!editing}
          withAsterisk
        />
        <Select
          label="種類"
          withAsterisk
          data={[...MUTUAL_AID_TYPES]}
          value={draft.type}
          onChange={(v) => set('type', v)}
          allowDeselect={false}
          error={errors.type}
          comboboxProps={{ withinPortal: true }}
        />
        <JapaneseDateInput
          label="加入日"
          withAsterisk
          value={draft.joinedOn}
          onChange={(v) => set('joinedOn', v)}
          maxDate={today}
          onUnreadable={dates.report('joinedOn')}
          error={dates.problems.joinedOn ?? errors.joinedOn}
          description={`${DATE_EXAMPLES} でも`}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
        />
        <JapaneseDateInput
          label="解約日"
          value={draft.leftOn}
          onChange={(v) => set('leftOn', v)}
          maxDate={today}
          clearable
          onUnreadable={dates.report('leftOn')}
          error={dates.problems.leftOn ?? errors.leftOn}
          description="解約していなければ空欄（当日から数えない）"
          inputWrapperOrder={['label', 'input', 'description', 'error']}
        />
        <TextInput
          label="証券番号"
          value={draft.externalId}
          onChange={(e) => set('externalId', e.currentTarget.value)}
          error={errors.externalId}
          autoComplete="off"
          description="あれば（取り込みの行と同じ加入として見分けます）"
          inputWrapperOrder={['label', 'input', 'description', 'error']}
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

function MutualAidList({
  api,
  chamber,
  canWrite,
  onEdit,
  onConfirm,
}: {
  api: string;
  chamber: string;
  canWrite: boolean;
  onEdit(s: MutualAidBody): void;
  onConfirm(p: PendingConfirmation): void;
}) {
  const today = todayIso();
  const [type, setType] = useState('');
  const [activeOn, setActiveOn] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [page, setPage] = useState(1);
  const [debouncedText] = useDebouncedValue(text.trim(), 250);
  const dates = useUnreadableDates<'activeOn'>();
  const params = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String((page - 1) * PAGE_SIZE) });
  if (type) params.set('type', type);
  if (activeOn) params.set('activeOn', activeOn);
  if (debouncedText) params.set('text', debouncedText);
  const list = useQuery({
    queryKey: ['mutual-aid', chamber, params.toString()],
    queryFn: () => getJson<MutualAidListBody>(`${api}/mutual-aid?${params}`),
    placeholderData: keepPreviousData,
  });
  const remove = useRecordDelete({ url: `${api}/mutual-aid`, chamber, invalidate: ['mutual-aid', 'progress', 'kpis'], onConfirm });
  const [deleting, setDeleting] = useState<MutualAidBody | null>(null);
  const reset = (f: () => void) => {
    f();
    setPage(1);
  };

  return (
    <section aria-label="共済の一覧">
      <Group justify="space-between" align="flex-end" mb="xs" wrap="wrap">
        <Title order={2} size="h4">
          共済の一覧
          {list.data && (
            <Text span size="sm" c="dimmed" ml="sm">
              {list.data.total.toLocaleString('ja-JP')}件
            </Text>
          )}
        </Title>
        <Group gap="xs" align="flex-end" wrap="wrap">
          <NativeSelect
            label="種類"
            size="xs"
            value={type}
            onChange={(e) => reset(() => setType(e.currentTarget.value))}
            data={[{ value: '', label: 'すべて' }, ...MUTUAL_AID_TYPES]}
          />
          <JapaneseDateInput
            label="この日に加入中"
            size="xs"
            w={170}
            value={activeOn}
            onChange={(v) => reset(() => setActiveOn(v))}
            clearable
            placeholder="すべて"
            onUnreadable={dates.report('activeOn')}
            error={dates.problems.activeOn}
          />
          <TextInput
            label="検索"
            size="xs"
            placeholder="事業者・証券番号"
            value={text}
            onChange={(e) => reset(() => setText(e.currentTarget.value))}
          />
          <ExportMenu chamber={chamber} kind="mutualAid" />
        </Group>
      </Group>
      {list.isPending ? (
        <PageLoader />
      ) : list.isError ? (
        <ErrorAlert error={list.error} />
      ) : list.data.rows.length === 0 ? (
        <Alert color="gray" variant="light">
          該当する共済の加入はありません。
        </Alert>
      ) : (
        <>
          <Table striped highlightOnHover verticalSpacing={4} fz="sm" className="record-table" data-testid="mutual-aid-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>事業者</Table.Th>
                <Table.Th>種類</Table.Th>
                <Table.Th>加入日</Table.Th>
                <Table.Th>解約日</Table.Th>
                <Table.Th>証券番号</Table.Th>
                <Table.Th>今日</Table.Th>
                {canWrite && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.rows.map((s) => (
                <Table.Tr key={s.id} data-mutual-aid-id={s.id}>
                  <Table.Td>
                    {s.businessName}
                    <Text size="xs" c="dimmed">
                      {s.businessCode}
                    </Text>
                  </Table.Td>
                  <Table.Td>{s.type}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatJapaneseDate(s.joinedOn)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{s.leftOn ? formatJapaneseDate(s.leftOn) : ''}</Table.Td>
                  <Table.Td>{s.externalId}</Table.Td>
                  <Table.Td>
                    {holds(s, today) ? (
                      <Badge size="sm" variant="light" color="teal">
                        加入中
                      </Badge>
                    ) : (
                      <Badge size="sm" variant="light" color="gray">
                        {s.joinedOn > today ? '加入前' : '解約済み'}
                      </Badge>
                    )}
                  </Table.Td>
                  {canWrite && <RowActions onEdit={() => onEdit(s)} onDelete={() => setDeleting(s)} />}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <ListPages total={list.data.total} pageSize={PAGE_SIZE} page={page} onChange={setPage} />
        </>
      )}
      <DeleteModal
        item={deleting}
        title="共済の加入を削除しますか"
        onClose={() => setDeleting(null)}
        onDelete={(d) => remove.mutate({ id: d.id, confirmed: false })}
      >
        {(deleting) => (
          <>
            {deleting.businessName}の{deleting.type}（{formatJapaneseDate(deleting.joinedOn)}加入
            {deleting.externalId ? `、証券番号 ${deleting.externalId}` : ''}
            ）を削除します。解約したときは、削除せずに解約日を入力してください。
          </>
        )}
      </DeleteModal>
      {remove.isError && !confirmationOf(remove.error, () => undefined) && <ErrorAlert error={remove.error} title="削除できませんでした" />}
    </section>
  );
}
