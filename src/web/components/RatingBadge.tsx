/** 評価 as a badge: the band's code and label (or its mark), coloured by its place in the set. */
import type { ProgressBody, ProgressRow } from '../types.js';

const COLORS = ['green', 'blue', 'orange', 'red'];

/** The band's colour: the best green, the worst red, those between blue and orange. */
export function bandColor(code: string | null, bands: ProgressBody['bands']): string {
  const i = bands.findIndex((b) => b.code === code);
  if (i < 0) return 'gray';
  if (i === bands.length - 1) return 'red';
  return COLORS[Math.min(i, COLORS.length - 2)] ?? 'gray';
}

/**
 * A plain span styled as a badge (app.css .rating-badge): the dashboard shows one per KPI, and
 * Mantine's Badge costs a component tree each on a page whose render is on the load's critical path.
 */
export function RatingBadge({ rating, bands, title }: { rating: ProgressRow['rating']; bands: ProgressBody['bands']; title?: string }) {
  const text = rating.kind === 'rated' ? `${rating.mark ?? rating.code} ${rating.label}` : rating.label;
  return (
    <span
      className={`rating-badge rating-${bandColor(rating.code, bands)}${rating.kind === 'rated' ? '' : ' rating-unrated'}`}
      data-rating={rating.code ?? rating.kind}
      title={title ?? rating.note ?? undefined}
    >
      {text}
    </span>
  );
}
