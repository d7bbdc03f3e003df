/** Display names from the plan's vocabulary; no imports, so the browser can use them freely. */

/** 共通戦略1 / 独自戦略2 */
export function strategyLabel(s: { kind: 'common' | 'own'; number: number }): string {
  return `${s.kind === 'common' ? '共通' : '独自'}戦略${s.number}`;
}
