// Jest setup provided by Grafana scaffolding
import './.config/jest-setup';
import { configure } from '@testing-library/react';

import timeouts from './jest.timeouts';

// find* and waitFor wait this long by default (see jest.timeouts.js).
configure({ asyncUtilTimeout: timeouts.asyncUtilTimeout });

// jsdom has no canvas. @grafana/ui's Combobox sizes itself with
// canvas.measureText, so give it a 2D context that measures a fixed width per character.
HTMLCanvasElement.prototype.getContext = function getContext() {
  return {
    font: '',
    measureText: (text) => ({ width: String(text).length * 7 }),
  };
};
