/**
 * A change the server held back (409 CONFIRMATION_REQUIRED) because it alters closed fiscal
 * years' KPIs: the KPIs and years it names, and a button that sends the change again with
 * `confirmed`. Used by every screen that changes records.
 */
import { Button, Group, List, Modal, Text } from '@mantine/core';
import { ApiValidationError } from '../api.js';

/** What to show, and the change to send again once confirmed. */
export interface PendingConfirmation {
  message: string;
  kpis: string[];
  run(): void;
}

/** The confirmation an error asks for, or null when it is another error. */
export function confirmationOf(error: unknown, run: () => void): PendingConfirmation | null {
  if (!(error instanceof ApiValidationError) || error.code !== 'CONFIRMATION_REQUIRED') return null;
  return { message: error.message, kpis: error.details.map((d) => d.message), run };
}

export function ClosedYearConfirmation({ pending, onClose }: { pending: PendingConfirmation | null; onClose(): void }) {
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
