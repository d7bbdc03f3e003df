import '@mantine/core/styles.css';
import './app.css';
import './print.css';
import { createTheme, MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { planQuery, progressQuery, sessionQuery, shouldRetry } from './api.js';
import { loadEcharts } from './charts/Chart.js';
import { router } from './router.js';

const JAPANESE_FONTS = '"IPAGothic", "Noto Sans JP", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic", "Meiryo", sans-serif';

const theme = createTheme({
  fontFamily: JAPANESE_FONTS,
  headings: { fontFamily: JAPANESE_FONTS },
  primaryColor: 'teal',
  defaultRadius: 'sm',
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: 5 * 60_000, refetchOnWindowFocus: false, retry: shouldRetry },
  },
});

// A page opened by its address asks for its data now (the session first, then the page's), rather than one
// request after another as the components mount (the dashboard: plan and progress; a measure page: ECharts too).
void queryClient.prefetchQuery(sessionQuery);
const opened = /^\/c\/([^/]+)(?:\/(measures\/\d+))?\/?$/.exec(window.location.pathname);
if (opened?.[1]) {
  const chamber = decodeURIComponent(opened[1]);
  const year = new URLSearchParams(window.location.search).get('year');
  void queryClient.prefetchQuery(planQuery(chamber));
  void queryClient.prefetchQuery(progressQuery(chamber, opened[2] || !year ? undefined : Number(year)));
  if (opened[2]) void loadEcharts();
}

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');

createRoot(container).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
