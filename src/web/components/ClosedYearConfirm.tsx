/**
 * The confirmation a change needs when it alters a closed fiscal year's KPIs: the server answers
 * 409 CONFIRMATION_REQUIRED with the KPIs and years; the page shows them and, on the user's
 * word, sends the same change again with `confirmed`.
 */
import { Button, Group, List, Modal, Text } from '@mantine/core';
import { ApiValidationError } from '../api.js';

/** A change the server held back: what it said, the KPIs it named, and how to send it again. */
export interface PendingConfirmation {
  message: string;
  kpis: string[];
  run(): void;
}

/** The pending confirmation of an error, or null for any other error. */
export function confirmationOf(error: unknown, run: () => void): PendingConfirmation | null {
  if (!(error instanceof ApiValidationError) || error.code !== 'CONFIRMATION_REQUIRED') return null;
  return { message: error.message, kpis: error.details.map((d) => d.message), run };
}

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
