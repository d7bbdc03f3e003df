/**
 * What the record-entry pages (支援記録, イベント, 共済) share: today in Japan, the server's
 * problems by field, the confirmation a change asks for when it alters closed years' KPIs, saving
 * and deleting a record with it, and the list's row actions, delete dialog and pager.
 */
import '@mantine/core/styles/Pagination.css';
import { Anchor, Button, Group, List, Modal, Pagination, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useRef, useState } from 'react';
import { ApiValidationError, sendJson } from '../../api.js';

export function todayIso(): string {
  // The office's day: Japan. toLocaleDateString('sv') writes YYYY-MM-DD.
  return new Date().toLocaleDateString('sv', { timeZone: 'Asia/Tokyo' });
}

/** The server's problems of a form's fields (`location` is the field, or `body field` from the schema), the first of each. */
export function serverFieldErrors<F extends string>(error: unknown, fields: Readonly<Record<F, string>>): Partial<Record<F, string>> {
  if (!(error instanceof ApiValidationError) || error.code === 'CONFIRMATION_REQUIRED') return {};
  const errors: Partial<Record<F, string>> = {};
  for (const d of error.details) {
    const field = (d.location ?? '').replace(/^body\s+/, '');
    if (field in fields) errors[field as F] ??= d.message;
  }
  return errors;
}

/**
 * The date fields whose text cannot be read (JapaneseDateInput's onUnreadable), by field: shown
 * beside the field at once, and read by the submit handler (through a ref, so that Enter in the
 * field, which reports and submits in one key press, is not sent with the last good date).
 */
export function useUnreadableDates<F extends string>() {
  const current = useRef<Partial<Record<F, string>>>({});
  const [problems, setProblems] = useState<Partial<Record<F, string>>>({});
  const report = (field: F) => (problem: string | null) => {
    const next = { ...current.current };
    if (problem === null) delete next[field];
    else next[field] = problem;
    current.current = next;
    setProblems(next);
  };
  return { problems, report, current: () => current.current };
}

/** A change the server held back because it alters closed years' KPIs: what to send again. */
export interface PendingConfirmation {
  message: string;
  kpis: string[];
  run(): void;
}

export function confirmationOf(error: unknown, run: () => void): PendingConfirmation | null {
  if (!(error instanceof ApiValidationError) || error.code !== 'CONFIRMATION_REQUIRED') return null;
  return { message: error.message, kpis: error.details.map((d) => d.message), run };
}

/** Names the KPIs and years a change alters, and sends it again when confirmed. */
export function ClosedYearModal({ pending, onClose }: { pending: PendingConfirmation | null; onClose(): void }) {
  return (
    <Modal opened={pending !== null} onClose={onClose} title="締め済みの年度の実績値が変わります" size="lg">
      {pending && (
        <>
          <Text size="sm" mb="sm">
            {pending.message}
          </Text>
          <List size="sm" mb="md" data-testid="affected-kpis">
            {pending.kpis.map((k) => (
              <List.Item key={k}>{k}</List.Item>
            ))}
          </List>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              やめる
            </Button>
            <Button
              color="orange"
              onClick={() => {
                pending.run();
                onClose();
              }}
            >
              変更を確定する
            </Button>
          </Group>
        </>
      )}
    </Modal>
  );
}

/** 変更 and 削除 at the end of a list row. */
export function RowActions({ onEdit, onDelete }: { onEdit(): void; onDelete(): void }) {
  return (
    <Table.Td style={{ whiteSpace: 'nowrap' }}>
      <Anchor component="button" type="button" size="sm" onClick={onEdit} mr="sm">
        変更
      </Anchor>
      <Anchor component="button" type="button" size="sm" c="red" onClick={onDelete}>
        削除
      </Anchor>
    </Table.Td>
  );
}

/** 〜を削除しますか: what is deleted, in words, and the button that deletes it. */
export function DeleteModal<T>({
  item,
  title,
  children,
  onClose,
  onDelete,
}: {
  item: T | null;
  title: string;
  /** The item as the user knows it: 令和6年5月1日 大竹美容室 課題解決（1件）を削除します。 */
  children: (item: T) => ReactNode;
  onClose(): void;
  onDelete(item: T): void;
}) {
  return (
    <Modal opened={item !== null} onClose={onClose} title={title}>
      {item !== null && (
        <>
          <Text size="sm" mb="md">
            {children(item)}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              やめる
            </Button>
            <Button
              color="red"
              onClick={() => {
                onDelete(item);
                onClose();
              }}
            >
              削除する
            </Button>
          </Group>
        </>
      )}
    </Modal>
  );
}

/** The pages of a list of `total` rows, `pageSize` a page; nothing when one page holds them all. */
export function ListPages({
  total,
  pageSize,
  page,
  onChange,
}: {
  total: number;
  pageSize: number;
  page: number;
  onChange(page: number): void;
}) {
  if (total <= pageSize) return null;
  return <Pagination mt="sm" total={Math.ceil(total / pageSize)} value={page} onChange={onChange} size="sm" />;
}

/**
 * Saving one record from its form: POST to `url` (a new one) or PUT to `url/editingId`; a 409
 * CONFIRMATION_REQUIRED goes to `onConfirm`, which may send it again confirmed; the server's
 * problems by field go to `onFieldErrors`. The queries named in `invalidate` (with the chamber)
 * are refreshed after a save. `otherError`: a failure no field shows.
 */
export function useRecordSave<I extends object, S, F extends string>({
  url,
  editingId,
  chamber,
  invalidate,
  fields,
  onSaved,
  onFieldErrors,
  onConfirm,
}: {
  url: string;
  editingId: number | undefined;
  chamber: string;
  invalidate: readonly string[];
  fields: Readonly<Record<F, string>>;
  onSaved(saved: S): void;
  onFieldErrors(errors: Partial<Record<F, string>>): void;
  onConfirm(p: PendingConfirmation): void;
}) {
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: ({ input, confirmed }: { input: I; confirmed: boolean }) =>
      editingId === undefined
        ? sendJson<S>('POST', url, { ...input, confirmed })
        : sendJson<S>('PUT', `${url}/${editingId}`, { ...input, confirmed }),
    onSuccess: (saved) => {
      for (const key of invalidate) void queryClient.invalidateQueries({ queryKey: [key, chamber] });
      onSaved(saved);
    },
    onError: (error, variables) => {
      const confirmation = confirmationOf(error, () => save.mutate({ ...variables, confirmed: true }));
      if (confirmation) onConfirm(confirmation);
      else onFieldErrors(serverFieldErrors(error, fields));
    },
  });
  const otherError =
    save.isError && Object.keys(serverFieldErrors(save.error, fields)).length === 0 && !confirmationOf(save.error, () => undefined)
      ? save.error
      : null;
  return { save, otherError };
}

/** Deleting a record of a list: DELETE `url/id`, confirmed through `onConfirm` when the server asks. */
export function useRecordDelete({
  url,
  chamber,
  invalidate,
  onConfirm,
}: {
  url: string;
  chamber: string;
  invalidate: readonly string[];
  onConfirm(p: PendingConfirmation): void;
}) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: ({ id, confirmed }: { id: number; confirmed: boolean }) =>
      sendJson('DELETE', `${url}/${id}${confirmed ? '?confirmed=true' : ''}`),
    onSuccess: () => {
      for (const key of invalidate) void queryClient.invalidateQueries({ queryKey: [key, chamber] });
    },
    onError: (error, variables) => {
      const confirmation = confirmationOf(error, () => remove.mutate({ ...variables, confirmed: true }));
      if (confirmation) onConfirm(confirmation);
    },
  });
  return remove;
}
