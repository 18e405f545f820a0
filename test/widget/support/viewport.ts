import { executeServerCommand } from '@web/test-runner-commands';

/**
 * Resizes the viewport in every engine (test/widget/viewport-plugin.mjs) and answers the size it
 * got, which under WebKitGTK's MiniBrowser is never narrower than 447 px.
 */
export function setViewport(size: {
  width: number;
  height: number;
}): Promise<{ width: number; height: number }> {
  return executeServerCommand('viewport', size);
}
