/**
 * A KPI's target history as the API sends it, year by year: the original, the target the year
 * is rated against today, and the revisions in the order they were decided, each with the target
 * it replaced. Used by the plan export (the measure page and the dashboard read it from there)
 * and by GET …/kpis/:code/targets.
 */
import { type FiscalYear, fiscalYearBounds, type IsoDate } from '../domain/fiscal-calendar.js';
import { ratingDate, revisionSteps, type TargetHistory, type TargetValue, targetForRating } from '../domain/plan/targets-in-force.js';

export interface TargetRevisionBody {
  value: TargetValue;
  previous: TargetValue;
  decidedOn: IsoDate;
  decidedBy: string;
  reason: string | null;
  enteredBy: string;
  enteredAt: string;
  via: 'import' | 'screen';
  source: string | null;
  /** Decided after the year ended (only a plan file imported before the rule could do so): shown, not rated against. */
  afterYearEnd: boolean;
}

export interface TargetYearBody {
  fiscalYear: FiscalYear;
  original: TargetValue;
  /** The target the year is rated against today (see targets-in-force.ts). */
  target: TargetValue;
  /** The day that target is taken on: the year's last day, or today. */
  asOf: IsoDate;
  revisions: TargetRevisionBody[];
}

export function presentTargetYears(
  byYear: ReadonlyMap<number, TargetHistory> | undefined,
  targets: Readonly<Record<number, number | null>>,
  today: IsoDate,
): TargetYearBody[] {
  return Object.keys(targets)
    .map(Number)
    .sort((a, b) => a - b)
    .map((fiscalYear) => {
      const history = byYear?.get(fiscalYear) ?? { fiscalYear, original: targets[fiscalYear] ?? null, revisions: [] };
      const { end } = fiscalYearBounds(fiscalYear);
      return {
        fiscalYear,
        original: history.original,
        target: targetForRating(history, today),
        asOf: ratingDate(fiscalYear, today),
        revisions: revisionSteps(history).map((s) => ({
          value: s.value,
          previous: s.previous,
          decidedOn: s.decidedOn,
          decidedBy: s.decidedBy,
          reason: s.reason,
          enteredBy: s.enteredBy,
          enteredAt: s.enteredAt,
          via: s.via,
          source: s.source,
          afterYearEnd: s.decidedOn > end,
        })),
      };
    });
}
