/** The card of the pages before sign-in (ログイン, 初期設定): a titled form with its error. */
import { Alert, Paper, Stack, Title } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';

export function AuthCard({
  pageTitle,
  heading,
  error,
  onSubmit,
  children,
}: {
  pageTitle: string;
  heading: string;
  error: string | null | undefined;
  onSubmit: () => void;
  children: ReactNode;
}) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <div className="page auth-page">
      <title>{`${pageTitle} — しるべ`}</title>
      <Paper withBorder p="xl" radius="md" className="auth-card">
        <form onSubmit={submit} noValidate>
          <Stack>
            <Title order={1} size="h2">
              {heading}
            </Title>
            {error && (
              <Alert color="red" variant="light" role="alert">
                {error}
              </Alert>
            )}
            {children}
          </Stack>
        </form>
      </Paper>
    </div>
  );
}
