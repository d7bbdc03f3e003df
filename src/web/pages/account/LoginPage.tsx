/** ログイン: ログインID and password; after it, back to the page that asked for it. */
import { Button, PasswordInput, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { sendJson } from '../../api.js';
import { AuthCard } from '../../components/AuthCard.js';
import { formError } from '../../components/FieldErrors.js';

export function LoginPage() {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const next = params.get('next');
  const signIn = useMutation({
    mutationFn: () => sendJson('POST', '/api/v1/session', { login, password }),
    onSuccess: async () => {
      await queryClient.resetQueries();
      // Only a path of this site, never another address.
      navigate(next?.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    },
  });
  return (
    <AuthCard pageTitle="ログイン" heading="しるべ にログイン" error={formError(signIn.error)} onSubmit={() => signIn.mutate()}>
      <TextInput
        label="ログインID"
        value={login}
        onChange={(e) => setLogin(e.currentTarget.value)}
        autoComplete="username"
        autoFocus
        required
      />
      <PasswordInput
        label="パスワード"
        value={password}
        onChange={(e) => setPassword(e.currentTarget.value)}
        autoComplete="current-password"
        required
      />
      <Button type="submit" loading={signIn.isPending} disabled={login.trim() === '' || password === ''}>
        ログイン
      </Button>
      <Text size="sm" c="dimmed">
        パスワードを忘れたときは、商工会の管理者に再設定を依頼してください。
      </Text>
    </AuthCard>
  );
}
