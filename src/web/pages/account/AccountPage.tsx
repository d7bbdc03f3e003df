/** アカウント: who I am, my roles, and changing my password. */
import { Alert, Button, Paper, PasswordInput, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { PASSWORD_MIN_LENGTH, ROLE_LABELS } from '../../../domain/access.js';
import { sendJson, useSession } from '../../api.js';
import { fieldErrors, formError } from '../../components/FieldErrors.js';

export function AccountPage() {
  const session = useSession().data;
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const change = useMutation({
    mutationFn: () => sendJson('PUT', '/api/v1/account/password', { current, next }),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setConfirm('');
    },
  });
  if (!session) return null;
  const mismatch = confirm !== '' && confirm !== next;
  const errors = fieldErrors(change.error);
  const error = formError(change.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!mismatch) change.mutate();
  };
  return (
    <div className="page account">
      <title>アカウント — しるべ</title>
      <Title order={1} className="page-title" mb="md">
        アカウント
      </Title>
      <Text mb="xs">
        {session.user.displayName}（ログインID: {session.user.login}）{session.user.systemAdmin && '　システム管理者'}
      </Text>
      <Table withTableBorder maw={560} mb="xl">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>商工会</Table.Th>
            <Table.Th>役割</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {session.chambers.map((c) => (
            <Table.Tr key={c.code}>
              <Table.Td>{c.name}</Table.Td>
              <Table.Td>{ROLE_LABELS[c.role]}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Paper withBorder p="lg" maw={560}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Title order={2} size="h3">
              パスワードの変更
            </Title>
            {change.isSuccess && (
              <Alert color="teal" variant="light" role="status">
                パスワードを変更しました。ほかの端末のログインは終了しました。
              </Alert>
            )}
            {error && (
              <Alert color="red" variant="light" role="alert">
                {error}
              </Alert>
            )}
            <PasswordInput
              label="現在のパスワード"
              value={current}
              onChange={(e) => setCurrent(e.currentTarget.value)}
              error={errors.現在のパスワード}
              autoComplete="current-password"
            />
            <PasswordInput
              label="新しいパスワード"
              description={`${PASSWORD_MIN_LENGTH}文字以上`}
              value={next}
              onChange={(e) => setNext(e.currentTarget.value)}
              error={errors.新しいパスワード}
              autoComplete="new-password"
            />
            <PasswordInput
              label="新しいパスワード（確認）"
              value={confirm}
              onChange={(e) => setConfirm(e.currentTarget.value)}
              error={mismatch ? 'パスワードが一致しません' : undefined}
              autoComplete="new-password"
            />
            <Button
              type="submit"
              loading={change.isPending}
              disabled={current === '' || next === '' || mismatch || confirm === ''}
              w="fit-content"
            >
              変更する
            </Button>
          </Stack>
        </form>
      </Paper>
    </div>
  );
}
