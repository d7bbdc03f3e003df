import { Button } from '@mantine/core';

export function PrintButton() {
  return (
    <Button variant="default" size="xs" className="no-print print-button" onClick={() => window.print()}>
      印刷
    </Button>
  );
}
