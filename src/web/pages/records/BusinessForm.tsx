/**
 * One business in a form: its fields and its membership periods as rows that can be added and
 * removed. The form checks with the same schema and checks the server uses (so an overlapping
 * period is shown beside its 入会日 before anything is sent) and shows the server's problems
 * (a 事業者コード in use) beside their fields. Saving sends the whole history.
 */
import { ActionIcon, Alert, Autocomplete, Button, Group, NumberInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formatJapaneseDate, parseJapaneseDate } from '../../../domain/fiscal-calendar.js';
import {
  BUSINESS_FIELDS,
  type BusinessInput,
  type BusinessProblemField,
  businessInputSchema,
  checkBusiness,
} from '../../../domain/records/business.js';
import { INDUSTRIES } from '../../../domain/records/record-kinds.js';
import type { BusinessDetailBody, BusinessFacetsBody } from '../../../http/schemas/businesses.js';
import { ApiValidationError, sendJson } from '../../api.js';
import { ErrorAlert } from '../../components/Status.js';
import { confirmationOf, type PendingConfirmation } from './entry.js';

interface PeriodDraft {
  /** A row's identity while rows are added and removed (React's key). */
  key: number;
  joinedOn: string | null;
  leftOn: string | null;
}

interface Draft {
  code: string;
  name: string;
  kana: string;
  industry: string;
  district: string;
  employees: number | string;
  foundedOn: string | null;
  memberships: PeriodDraft[];
}

type Errors = Partial<Record<BusinessProblemField, string>>;

let nextKey = 1;
const period = (joinedOn: string | null = null, leftOn: string | null = null): PeriodDraft => ({ key: nextKey++, joinedOn, leftOn });

export function todayIso(): string {
  // The office's day: Japan. toLocaleDateString('sv') writes YYYY-MM-DD.
  return new Date().toLocaleDateString('sv', { timeZone: 'Asia/Tokyo' });
}

/** 令和6年4月1日; a day before 明治 (an old house's 創業日) as written. */
export function displayDate(day: string): string {
  return day >= '1868-01-25' ? formatJapaneseDate(day) : day;
}

function draftOf(b: BusinessDetailBody | null): Draft {
  return {
    code: b?.code ?? '',
    name: b?.name ?? '',
    kana: b?.kana ?? '',
    industry: b?.industry ?? '',
    district: b?.district ?? '',
    employees: b?.employees ?? '',
    foundedOn: b?.foundedOn ?? null,
    memberships: (b?.memberships ?? []).map((m) => period(m.joinedOn, m.leftOn)),
  };
}

/** The form's values checked as the server will check them; the problems by field. */
function validate(draft: Draft): { input: BusinessInput } | { errors: Errors } {
  const parsed = businessInputSchema.safeParse({
    code: draft.code,
    name: draft.name,
    kana: draft.kana,
    industry: draft.industry,
    district: draft.district,
    employees: draft.employees === '' ? null : Number(draft.employees),
    foundedOn: draft.foundedOn,
    memberships: draft.memberships.map((m) => ({ joinedOn: m.joinedOn ?? '', leftOn: m.leftOn })),
  });
  const errors: Errors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[issue.path.join('.') as BusinessProblemField] ??= issue.message;
    return { errors };
  }
  const problems = checkBusiness(parsed.data, { today: todayIso() });
  for (const p of problems) errors[p.field] ??= p.message;
  return problems.length > 0 ? { errors } : { input: parsed.data };
}

function serverErrors(error: unknown): Errors {
  if (!(error instanceof ApiValidationError) || error.code === 'CONFIRMATION_REQUIRED') return {};
  const errors: Errors = {};
  for (const d of error.details) errors[(d.location ?? '').replace(/^body\s+/, '') as BusinessProblemField] ??= d.message;
  return errors;
}

const dateProps = {
  valueFormat: displayDate,
  dateParser: (input: string) => parseJapaneseDate(input) ?? null,
  maxDate: todayIso(),
  placeholder: '2024/4/1、R6.4.1',
  clearable: true,
};

export function BusinessForm({
  chamber,
  api,
  business,
  facets,
  canWrite,
  onSaved,
  onCancel,
  onDelete,
  onConfirm,
}: {
  chamber: string;
  api: string;
  /** null: a new business. */
  business: BusinessDetailBody | null;
  facets: BusinessFacetsBody | undefined;
  canWrite: boolean;
  onSaved(b: BusinessDetailBody): void;
  onCancel(): void;
  onDelete(b: BusinessDetailBody): void;
  onConfirm(p: PendingConfirmation): void;
}) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(business));
  const [errors, setErrors] = useState<Errors>({});
  const queryClient = useQueryClient();
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const setPeriod = (key: number, change: Partial<PeriodDraft>) =>
    setDraft((d) => ({ ...d, memberships: d.memberships.map((m) => (m.key === key ? { ...m, ...change } : m)) }));

  const save = useMutation({
    mutationFn: ({ input, confirmed }: { input: BusinessInput; confirmed: boolean }) =>
      business
        ? sendJson<BusinessDetailBody>('PUT', `${api}/businesses/${business.id}`, { ...input, confirmed })
        : sendJson<BusinessDetailBody>('POST', `${api}/businesses`, { ...input, confirmed }),
    onSuccess: (saved) => {
      setErrors({});
      for (const key of ['businesses', 'business', 'business-facets', 'business-search', 'progress', 'kpis']) {
        void queryClient.invalidateQueries({ queryKey: [key, chamber] });
      }
      onSaved(saved);
    },
    onError: (error, variables) => {
      const confirmation = confirmationOf(error, () => save.mutate({ ...variables, confirmed: true }));
      if (confirmation) onConfirm(confirmation);
      else setErrors(serverErrors(error));
    },
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
  const otherError =
    save.isError && Object.keys(serverErrors(save.error)).length === 0 && !confirmationOf(save.error, () => undefined) ? save.error : null;
  const industries = [...new Set([...INDUSTRIES, ...(facets?.industries.map((f) => f.value) ?? [])])];
  const districts = facets?.districts.map((f) => f.value) ?? [];
  const refs = business?.references;

  return (
    <form onSubmit={submit} aria-label={business ? '事業者の変更' : '事業者の追加'} noValidate>
      <fieldset disabled={!canWrite} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="xs">
          <TextInput
            label={BUSINESS_FIELDS.code}
            withAsterisk
            value={draft.code}
            onChange={(e) => set('code', e.currentTarget.value)}
            error={errors.code}
            placeholder="例: A0001（全角は半角にして保存）"
            data-autofocus
          />
          <TextInput
            label={BUSINESS_FIELDS.name}
            withAsterisk
            value={draft.name}
            onChange={(e) => set('name', e.currentTarget.value)}
            error={errors.name}
          />
          <TextInput
            label={BUSINESS_FIELDS.kana}
            value={draft.kana}
            onChange={(e) => set('kana', e.currentTarget.value)}
            error={errors.kana}
            placeholder="ひらがな・半角カナも可（カタカナにして保存）"
          />
          <Autocomplete
            label={BUSINESS_FIELDS.industry}
            data={industries}
            value={draft.industry}
            onChange={(v) => set('industry', v)}
            error={errors.industry}
            placeholder="選ぶか入力"
          />
          <Autocomplete
            label={BUSINESS_FIELDS.district}
            data={districts}
            value={draft.district}
            onChange={(v) => set('district', v)}
            error={errors.district}
            placeholder="選ぶか入力"
          />
          <Group grow align="flex-start" gap="sm">
            <NumberInput
              label={BUSINESS_FIELDS.employees}
              value={draft.employees}
              onChange={(v) => set('employees', v)}
              min={0}
              allowDecimal={false}
              thousandSeparator=","
              error={errors.employees}
            />
            <DateInput
              label={BUSINESS_FIELDS.foundedOn}
              value={draft.foundedOn}
              onChange={(v) => set('foundedOn', v)}
              error={errors.foundedOn}
              {...dateProps}
            />
          </Group>
        </SimpleGrid>

        <Group justify="space-between" mt="lg" mb={4}>
          <Title order={3} size="h5">
            会員期間
          </Title>
          <Text size="xs" c="dimmed">
            入会日から退会日の前日まで会員に数えます。今も会員なら退会日は空欄。
          </Text>
        </Group>
        <Stack gap={6} data-testid="memberships">
          {draft.memberships.length === 0 && (
            <Text size="sm" c="dimmed">
              会員期間はありません（非会員）。
            </Text>
          )}
          {draft.memberships.map((m, i) => (
            <Group key={m.key} align="flex-start" gap="sm" wrap="nowrap" data-testid={`membership-${i + 1}`}>
              <Text size="sm" w={40} pt={8} c="dimmed">
                {i + 1}.
              </Text>
              <DateInput
                label="入会日"
                withAsterisk
                value={m.joinedOn}
                onChange={(v) => setPeriod(m.key, { joinedOn: v })}
                error={errors[`memberships.${i}.joinedOn`]}
                style={{ flex: 1 }}
                {...dateProps}
              />
              <DateInput
                label="退会日"
                value={m.leftOn}
                onChange={(v) => setPeriod(m.key, { leftOn: v })}
                error={errors[`memberships.${i}.leftOn`]}
                style={{ flex: 1 }}
                {...dateProps}
                placeholder="（会員）"
              />
              {canWrite && (
                <ActionIcon
                  variant="subtle"
                  color="red"
                  mt={26}
                  aria-label={`${i + 1}件目の会員期間を消す`}
                  onClick={() => setDraft((d) => ({ ...d, memberships: d.memberships.filter((x) => x.key !== m.key) }))}
                >
                  ✕
                </ActionIcon>
              )}
            </Group>
          ))}
        </Stack>
        {canWrite && (
          <Button variant="light" size="xs" mt="xs" onClick={() => setDraft((d) => ({ ...d, memberships: [...d.memberships, period()] }))}>
            会員期間を追加
          </Button>
        )}
        {errors.memberships && (
          <Text size="sm" c="red" mt={4}>
            {errors.memberships}
          </Text>
        )}
      </fieldset>

      {refs && (
        <Text size="xs" c="dimmed" mt="md" data-testid="business-references">
          この事業者の記録: 支援記録 {refs.supportRecords.toLocaleString('ja-JP')}件・イベントの参加 {refs.events.toLocaleString('ja-JP')}
          件・共済の加入 {refs.mutualAid.toLocaleString('ja-JP')}件
        </Text>
      )}
      {otherError && <ErrorAlert error={otherError} title="保存できませんでした" />}
      {Object.keys(errors).length > 0 && (
        <Alert color="red" variant="light" mt="sm" p="xs">
          <Text size="sm">入力に誤りがあります。赤字の項目を直してください。</Text>
        </Alert>
      )}
      <Group mt="md" justify="space-between">
        <Group gap="sm">
          {canWrite && (
            <Button type="submit" loading={save.isPending}>
              {business ? '変更を保存' : '追加する'}
            </Button>
          )}
          <Button variant="default" onClick={onCancel}>
            {canWrite ? 'やめる' : '閉じる'}
          </Button>
        </Group>
        {business && canWrite && (
          <Button variant="subtle" color="red" onClick={() => onDelete(business)}>
            この事業者を削除
          </Button>
        )}
      </Group>
    </form>
  );
}
