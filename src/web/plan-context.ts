/** The loaded plan, provided by the chamber's shell to the pages inside it. */
import { createContext, use } from 'react';
import type { PlanExportBody } from './types.js';

export const PlanContext = createContext<PlanExportBody | null>(null);

export function usePlanData(): PlanExportBody {
  const data = use(PlanContext);
  if (!data) throw new Error('usePlanData() is used outside a PlanShell');
  return data;
}
