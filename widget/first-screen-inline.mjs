// The first screen inside the /authorize page itself (issue 13, item 1): the Worker puts the built
// element and the page's stylesheet in the page as inline <script type="module"> and <style>,
// allowed by their SHA-256 under CSP (no 'unsafe-inline'), which saves the asset round trip a
// customer waited on before the first step showed. Rollup writes both texts and hashes to
// dist/first-screen.json, which the Worker's bundle imports (server/routes/first-screen.ts), so
// the widget is built before the Worker is bundled.
//
// With them goes the login step as markup (widget/first-screen-markup.ts renders it from the
// element's own templates), which the page carries in a declarative shadow root, its stylesheet,
// and the one-line script that focuses its heading, so the first step shows and has focus as soon
// as the page is parsed, before the module has even compiled.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { collapseLines, minifyCss } from './minify-templates.mjs';

/**
 * An inline module has no URL, so a lazy chunk importing the entry's file would run a second copy
 * of it (a second Lit and @lit/localize, and a second define() of the element, which throws).
 * Instead the entry hands its exports over once it has run, under a registered symbol, and the
 * lazy chunks take them from there: one copy, whether the entry came inline or as a file.
 */
const SHARED_KEY = 'globalThis[Symbol.for("api-link-auth-flow")]';

const entryImport = /import\{([^}]*)\}from"\.\/api-link-auth-flow\.js";/;
const entryExport = /export\{([^}]*)\};?\s*$/;

/** `a as b` (import or export specifiers) as an object pattern's `a:b`. */
const renamed = (specifiers) =>
  specifiers
    .split(',')
    .map((specifier) => specifier.trim().split(/\s+as\s+/))
    .map(([name, alias]) => (alias ? `${name}:${alias}` : name));

/**
 * @param {{ entry: string, publicPath: string, stylesheet: string, output: string }} options the
 * entry's file name, the path the Worker serves the chunks under, the page's stylesheet, and where
 * to write the texts and hashes
 */
export function inlineFirstScreen({ entry, publicPath, stylesheet, output }) {
  return {
    name: 'inline-first-screen',
    renderChunk(code, chunk) {
      if (chunk.fileName === entry) {
        const exported = entryExport.exec(code);
        if (!exported) this.error(`${entry} has no export list to hand over`);
        // `local as exported` becomes `exported: local` in the object handed over.
        const handed = exported[1]
          .split(',')
          .map((specifier) => specifier.trim().split(/\s+as\s+/))
          .map(([local, name]) => `${name ?? local}:${local}`);
        return `${code.slice(0, exported.index)}${SHARED_KEY}={${handed}};${code.slice(exported.index)}`;
      }
      if (/from"\.\/api-link-auth-flow\.js"|import"\.\/api-link-auth-flow\.js"/.test(code)) {
        const imported = entryImport.exec(code);
        if (!imported) this.error(`${chunk.fileName} imports ${entry} in a form not handled`);
        return code.replace(entryImport, `const{${renamed(imported[1])}}=${SHARED_KEY};`);
      }
      return null;
    },
    writeBundle(options, bundle) {
      // Inline, a relative import() would resolve against /authorize, not the chunks' folder.
      const script = bundle[entry].code.replaceAll('import("./', `import("${publicPath}`);
      if (script.includes('"./')) this.error(`${entry} names a relative URL left unresolved`);
      if (/<\/script|<!--/i.test(script)) this.error(`${entry} cannot be inlined in a <script>`);
      const style = readFileSync(stylesheet, 'utf8');
      const rendered = renderLoginMarkup();
      const shadowStyle = minifyCss(rendered.style.replace(/\/\*[^]*?\*\//g, '')).trim();
      writeFileSync(
        output,
        `${JSON.stringify({
          script,
          scriptHash: sha256(script),
          style,
          styleHash: sha256(style),
          shadowStyle,
          shadowStyleHash: sha256(shadowStyle),
          firstStepScript: FIRST_STEP_SCRIPT,
          firstStepScriptHash: sha256(FIRST_STEP_SCRIPT),
          login: rendered.login,
        })}\n`,
      );
    },
  };
}

/**
 * Run right after the element is parsed, as the static floor page does: the server-rendered
 * heading takes focus, so a screen reader starts at the step. Until the element takes the markup
 * over, a press of one of its buttons (a click, or Enter in a field, which clicks the submit
 * button) is noted on the markup, for the element to make again (widget/server-rendered.ts), and
 * a submit goes nowhere (`form-action 'none'` would block it anyway). The listeners go with the
 * markup. Without server-rendered markup the element has no shadow root yet and this does nothing;
 * the element focuses its heading itself.
 */
const FIRST_STEP_SCRIPT =
  '{const r=document.querySelector("api-link-auth-flow").shadowRoot,c=r?.querySelector("[part~=container]");' +
  'if(c){r.querySelector("h2").focus();' +
  'c.addEventListener("click",e=>{const b=e.target.closest("button");if(b)c.dataset.pressed=[...c.querySelectorAll("button")].indexOf(b)});' +
  'c.addEventListener("submit",e=>e.preventDefault())}}';

/**
 * The login step's markup per language and view, from widget/first-screen-markup.ts, minus what
 * only Lit's hydration reads (its comment markers and `defer-hydration`, as the element takes the
 * markup over without hydrating it), with line breaks collapsed as in the built templates.
 */
function renderLoginMarkup() {
  const json = execFileSync(process.execPath, ['--import', 'tsx', RENDERER], { encoding: 'utf8' });
  const { style, login } = JSON.parse(json);
  const markup = (text) =>
    collapseLines(
      text
        .replace(/<!--[\s\S]*?-->/g, '')
        .replaceAll('<?>', '')
        .replaceAll(' defer-hydration', ''),
    )
      .replace(/ +(\/?>)/g, '$1')
      .trim();
  const entries = login.map((entry) => ({ ...entry, markup: markup(entry.markup) }));
  for (const { markup: text } of entries) {
    if (/<\/?(script|style|template)\b|<!--|<\?/i.test(text)) {
      throw new Error(`${RENDERER} rendered markup that cannot go in a shadow root as is`);
    }
  }
  return { style, login: entries };
}

const RENDERER = 'widget/first-screen-markup.ts';

/** A CSP hash source: the SHA-256 of the element's text, base64. */
const sha256 = (text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
