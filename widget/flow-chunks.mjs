// Which built files of the hosted element (dist/public/widget) are which: the first screen, the
// chunks the flow loads once it shows, and those only a choice loads (English, 連携サービス一覧).
// One definition for `npm run size` and the benchmark's bundle table.

export const FIRST_SCREEN = 'api-link-auth-flow.js';

const ON_DEMAND = ['api-link-auth-flow-en.js', 'api-link-auth-flow-connections-manager.js'];

/** @param {string[]} names */
export const flowChunks = (names) =>
  names.filter((name) => /^api-link-auth-flow(-.+)?\.js$/.test(name));

/** The first screen and every chunk an authorization loads after it. @param {string[]} names */
export const everyStepChunks = (names) =>
  flowChunks(names).filter((name) => !ON_DEMAND.includes(name));
