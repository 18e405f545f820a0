import { execFileSync } from 'node:child_process';
import { widgetBuildIsCurrent } from '../widget/build-inputs.mjs';

/** Runs `npm run build` unless dist/ holds a finished build of the current sources. */
export function ensureWidgetBuilt(): void {
  if (widgetBuildIsCurrent()) return;
  console.error('Building the widget (npm run build) …');
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
}
