import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { showCurrentView } from '../../flow-runner/run-step.js';

/** The current view, unchanged: how the widget finds its place again after a network failure. */
export const viewRoutes = new Hono<AppEnv>().get('/view', (c) => showCurrentView(c));
