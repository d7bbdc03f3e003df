/**
 * 工程の状況 as a badge (予定, 実施中, 実施済, 未実施, 延期, 未報告), coloured by state: a plain span
 * styled in app.css (.roadmap-state), as RatingBadge is, since the dashboard shows a list of them.
 */
import { ROADMAP_STATE_LABELS, type RoadmapState } from '../../domain/plan/roadmap-status.js';

export function RoadmapStateBadge({ state, title }: { state: RoadmapState; title?: string | undefined }) {
  return (
    <span className={`roadmap-state roadmap-state-${state}`} data-state={state} title={title}>
      {ROADMAP_STATE_LABELS[state]}
    </span>
  );
}
