import React from 'react';
import { Route, Routes } from 'react-router-dom';
import type { AppRootProps } from '@grafana/data';

import { ROUTES } from '../../constants';

const SetupPage = React.lazy(() => import('../../pages/SetupPage'));
const ReportPage = React.lazy(() => import('../../pages/ReportPage'));

function App(_props: AppRootProps) {
  return (
    <Routes>
      <Route path={ROUTES.Report} element={<ReportPage />} />
      {/* Default page */}
      <Route path="*" element={<SetupPage />} />
    </Routes>
  );
}

export default App;
