/**
 * One record behind a KPI term, as the drill-down shows it (src/db/queries/measurement-rows.ts
 * reads them; the web UI displays them).
 */
export type MeasurementRow =
  | {
      type: 'support';
      id: number;
      date: string;
      businessCode: string | null;
      businessName: string | null;
      kind: string;
      subKind: string | null;
      quantity: number;
      amount: number | null;
      staff: string | null;
      note: string | null;
    }
  | { type: 'event'; id: number; date: string; name: string; category: string | null; visitors: number }
  | { type: 'member'; businessCode: string; businessName: string; joinedOn: string; leftOn: string | null }
  | {
      type: 'subscription';
      id: number;
      businessCode: string;
      businessName: string;
      subscriptionType: string;
      joinedOn: string;
      leftOn: string | null;
    }
  | { type: 'figure'; fiscalYear: number; item: string; value: number };
