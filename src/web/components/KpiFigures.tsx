/**
 * How an actual and its 達成率 are shown, in the KPI tables and on the drill-down page:
 * the value with a 暫定 mark, or a short note (未入力, 未到来) with the reason as its title;
 * the 達成率 as a badge colored by band whose text stays legible in black-and-white print.
 */
import { Badge, Text } from '@mantine/core';
import { finalOnText, formatActual, formatRate, missingNote, RATE_BAND_COLOR, rateBand } from '../format.js';
import type { KpiResult } from '../types.js';

export function ProvisionalMark({ finalOn }: { finalOn: string | null }) {
  const title = finalOnText(finalOn);
  return (
    <Badge
      component="span"
      size="xs"
      variant="outline"
      color="gray"
      className="provisional-mark"
      title={title}
      aria-label={`暫定（${title}）`}
    >
      暫定
    </Badge>
  );
}

/** The value only (1,455 / 70.6), or null when there is none. */
export function actualText(result: KpiResult): string | null {
  return result.actual === null ? null : formatActual(result.actual, result.unit);
}

export function MissingNote({ result }: { result: KpiResult }) {
  return (
    <Text span size="xs" c="dimmed" className="missing-note" title={result.reason ?? undefined}>
      {missingNote(result.reason)}
    </Text>
  );
}

interface RateBadgeProps {
  result: KpiResult;
  size?: 'md' | 'xl';
}

/** 95.8% in a band color; without a rate, the reason in short (目標値が0 → 達成, else —). */
export function RateBadge({ result, size = 'md' }: RateBadgeProps) {
  const { achievementRate: rate, achievementNote: note } = result;
  if (rate === null) {
    if (note?.includes('達成')) {
      return (
        <Badge component="span" size={size} variant="light" color={RATE_BAND_COLOR.achieved} className="rate-badge" title={note}>
          達成
        </Badge>
      );
    }
    return (
      <Text span size="xs" c="dimmed" className="missing-note" title={note ?? undefined}>
        —
      </Text>
    );
  }
  const band = rateBand(rate);
  return (
    <Badge
      component="span"
      size={size}
      variant="light"
      color={RATE_BAND_COLOR[band]}
      className={`rate-badge rate-${band}`}
      data-band={band}
      title={result.provisional ? `暫定値による達成率（${finalOnText(result.finalOn)}）` : undefined}
    >
      {formatRate(rate)}
    </Badge>
  );
}
