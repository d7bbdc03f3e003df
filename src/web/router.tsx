/**
 * Routes:
 *   /                              the single chamber's overview (or the list of chambers)
 *   /c/:chamber                    a chamber's plan overview
 *   /c/:chamber/measures/:number   a measure
 *   /c/:chamber/kpis/:code/:fiscalYear   a KPI's actual for a fiscal year (2024) and the records behind it
 * Anything else is a 404 page.
 */
import type { ReactNode } from 'react';
import { createBrowserRouter, Outlet, ScrollRestoration, useParams, useRouteError } from 'react-router';
import { useChambers, usePlan } from './api.js';
import { Layout } from './components/Layout.js';
import { ErrorAlert, PageLoader } from './components/Status.js';
import { ChamberListPage } from './pages/ChamberListPage.js';
import { KpiRecordsPage } from './pages/KpiRecordsPage.js';
import { MeasurePage } from './pages/MeasurePage.js';
import { NotFoundPage } from './pages/NotFoundPage.js';
import { OverviewPage } from './pages/OverviewPage.js';
import { PlanContext } from './plan-context.js';

/** Loads a chamber's plan, shows the shell with its navigation, and provides it to the page. */
function PlanShell({ chamber, children }: { chamber: string; children: ReactNode }) {
  const query = usePlan(chamber);
  return (
    <Layout plan={query.data}>
      {query.isPending ? (
        <PageLoader />
      ) : query.isError ? (
        <ErrorAlert error={query.error} title="計画を読み込めませんでした" />
      ) : (
        <PlanContext value={query.data}>{children}</PlanContext>
      )}
    </Layout>
  );
}

function ChamberRoute() {
  const { chamber = '' } = useParams();
  return (
    <PlanShell chamber={chamber}>
      <Outlet />
    </PlanShell>
  );
}

function HomeRoute() {
  const query = useChambers();
  if (query.isPending) {
    return (
      <Layout>
        <PageLoader />
      </Layout>
    );
  }
  if (query.isError) {
    return (
      <Layout>
        <ErrorAlert error={query.error} title="商工会の一覧を読み込めませんでした" />
      </Layout>
    );
  }
  const [only, ...others] = query.data.chambers;
  if (only && others.length === 0) {
    return (
      <PlanShell chamber={only.code}>
        <OverviewPage />
      </PlanShell>
    );
  }
  return (
    <Layout>
      <ChamberListPage chambers={query.data.chambers} />
    </Layout>
  );
}

function RouteError() {
  const error = useRouteError();
  return (
    <Layout>
      <ErrorAlert error={error instanceof Error ? error : new Error(String(error))} title="画面を表示できませんでした" />
    </Layout>
  );
}

/** Every page starts at the top (and Back returns to where it was). */
function Root() {
  return (
    <>
      <ScrollRestoration />
      <Outlet />
    </>
  );
}

export const router = createBrowserRouter([
  {
    element: <Root />,
    errorElement: <RouteError />,
    children: [
      { path: '/', element: <HomeRoute /> },
      {
        path: '/c/:chamber',
        element: <ChamberRoute />,
        children: [
          { index: true, element: <OverviewPage /> },
          { path: 'measures/:number', element: <MeasurePage /> },
          { path: 'kpis/:code/:fiscalYear', element: <KpiRecordsPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
      {
        path: '*',
        element: (
          <Layout>
            <NotFoundPage />
          </Layout>
        ),
      },
    ],
  },
]);
