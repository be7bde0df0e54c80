import React from 'react';
import { Route, Routes } from 'react-router-dom';
import type { AppRootProps } from '@grafana/data';

import { ROUTES } from '../../constants';

const SetupPage = React.lazy(() => import('../../pages/SetupPage'));
const ReportPage = React.lazy(() => import('../../pages/ReportPage'));
const AlertRulesPage = React.lazy(() => import('../../pages/AlertRules/AlertRulesPage'));

function App(_props: AppRootProps) {
  return (
    <Routes>
      <Route path={ROUTES.Report} element={<ReportPage />} />
      <Route path={ROUTES.AlertRules} element={<AlertRulesPage />} />
      {/* Default page */}
      <Route path="*" element={<SetupPage />} />
    </Routes>
  );
}

export default App;
