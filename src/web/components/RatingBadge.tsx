/** 評価 as a badge: the band's code and label (or its mark), coloured by its place in the set. */
import { Badge } from '@mantine/core';
import type { ProgressBody, ProgressRow } from '../types.js';

const COLORS = ['green', 'blue', 'orange', 'red'];

/** The band's colour: the best green, the worst red, those between blue and orange. */
export function bandColor(code: string | null, bands: ProgressBody['bands']): string {
  const i = bands.findIndex((b) => b.code === code);
  if (i < 0) return 'gray';
  if (i === bands.length - 1) return 'red';
  return COLORS[Math.min(i, COLORS.length - 2)] ?? 'gray';
}

export function RatingBadge({ rating, bands, title }: { rating: ProgressRow['rating']; bands: ProgressBody['bands']; title?: string }) {
  const text = rating.kind === 'rated' ? `${rating.mark ?? rating.code} ${rating.label}` : rating.label;
  return (
    <Badge
      component="span"
      variant={rating.kind === 'rated' ? 'light' : 'outline'}
      color={bandColor(rating.code, bands)}
      className="rating-badge"
      data-rating={rating.code ?? rating.kind}
      title={title ?? rating.note ?? undefined}
    >
      {text}
    </Badge>
  );
}
