// `node --import tsx bench/cpu-compare.ts --save=DIR`: bundles the Worker of the work tree into DIR.
// `node --import tsx bench/cpu-compare.ts NAME=DIR … [--rounds=5] [--flows=30] [--wide=64]`:
// workerd CPU per complete flow (bank hashing out) of each saved bundle, rounds alternating
// between them on one machine, so a change is measured before and after under the same load.
// `--perf=NAME`: `perf record` of that bundle's workerd over the flows.
// `--profile=NAME [--flows=N]` (run node with --experimental-websocket): a V8 CPU profile of that bundle's isolate over N flows, written to
// $TMPDIR/NAME.cpuprofile (open it in Chrome DevTools) and summarised by self time.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorker, startBankWorker, type BankWorker } from './bank-worker.js';
import { seedBank } from './bank-state.js';
import { driveFlows } from './flow-driver.js';
import { ourFlow } from './our-flow.js';
import { readFileSync } from 'node:fs';
import { cpuSeconds } from './process-stats.js';
import { median } from './stats.js';
import { loadAverage } from './versions.js';

process.env.WRANGLER_SEND_METRICS = 'false';
const args = process.argv.slice(2);
const flag = (name: string, fallback: string) =>
  args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const save = args.find((arg) => arg.startsWith('--save='));
const bundles = args.filter((arg) => !arg.startsWith('--')).map((arg) => arg.split('='));
const rounds = Number(flag('rounds', '5'));
const flows = Number(flag('flows', '30'));
const wide = Number(flag('wide', '0'));
const profile = flag('profile', '');
const perfOf = flag('perf', '');
const WARMUP = 5;

if (save) {
  await bundleWorker(save.slice('--save='.length));
  process.exit(0);
}
const work = mkdtempSync(join(tmpdir(), 'cpu-compare-'));
const banks: { name: string; bank: BankWorker; next: number }[] = [];
try {
  const inspectorPort = 9300 + Math.floor(Math.random() * 500);
  for (const [name, dir] of bundles) {
    const bank = await startBankWorker({
      bundleDir: dir,
      stateDir: join(work, name),
      ...(name === profile && { inspectorPort }),
    });
    const customers = WARMUP + (profile || perfOf ? flows : rounds * (flows + wide));
    await seedBank(bank.db, { iterations: 1, customers });
    await driveFlows({ flows: WARMUP, concurrency: 1, flow: ourFlow(bank.workerOrigin) });
    banks.push({ name, bank, next: WARMUP });
  }
  if (profile)
    await profileFlows(
      banks.find((b) => b.name === profile)!,
      inspectorPort,
    );
  else if (perfOf) await perfFlows(banks.find((b) => b.name === perfOf)!);
  else await compare();
} finally {
  for (const { bank } of banks) await bank.stop().catch(() => {});
  rmSync(work, { recursive: true, force: true });
}

async function compare() {
  const perFlow = new Map<string, number[]>();
  const sysPerFlow = new Map<string, number[]>();
  const perFlowWide = new Map<string, number[]>();
  const steps = new Map<string, Map<string, number>>();
  console.error(`load at start: ${loadAverage()}`);
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? banks : [...banks].reverse();
    for (const entry of order) {
      const { bank, name } = entry;
      const clock = () => cpuSeconds(bank.pid);
      const before = clock();
      const sysBefore = systemSeconds(bank.pid);
      const run = await driveFlows({
        flows,
        concurrency: 1,
        flow: ourFlow(bank.workerOrigin),
        firstIndex: entry.next,
        serverCpuSeconds: clock,
      });
      entry.next += flows;
      if (run.failures) throw new Error(`${name}: ${run.firstFailure}`);
      perFlow.set(name, [...(perFlow.get(name) ?? []), ((clock() - before) * 1000) / flows]);
      const sys = ((systemSeconds(bank.pid) - sysBefore) * 1000) / flows;
      sysPerFlow.set(name, [...(sysPerFlow.get(name) ?? []), sys]);
      const byStep = steps.get(name) ?? new Map<string, number>();
      for (const [step, seconds] of run.stepCpuSeconds)
        byStep.set(step, (byStep.get(step) ?? 0) + (seconds * 1000) / (flows * rounds));
      steps.set(name, byStep);
      if (wide) {
        const start = clock();
        const wideRun = await driveFlows({
          flows: wide,
          concurrency: 16,
          flow: ourFlow(bank.workerOrigin),
          firstIndex: entry.next,
        });
        entry.next += wide;
        if (wideRun.failures) throw new Error(`${name}: ${wideRun.firstFailure}`);
        perFlowWide.set(name, [
          ...(perFlowWide.get(name) ?? []),
          ((clock() - start) * 1000) / wide,
        ]);
      }
    }
  }
  console.error(`load at end: ${loadAverage()}`);
  const spread = (values: number[]) =>
    `${median(values).toFixed(1)} [${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)}]`;
  for (const { name } of banks) {
    console.log(`${name}: CPU ms/flow at 1: ${spread(perFlow.get(name)!)}`);
    console.log(`  of which in the kernel (fsync, sockets): ${spread(sysPerFlow.get(name)!)}`);
    if (wide) console.log(`${name}: CPU ms/flow at 16: ${spread(perFlowWide.get(name)!)}`);
    console.log(
      `  steps at 1: ${[...steps.get(name)!].map(([s, ms]) => `${s} ${ms.toFixed(2)}`).join(', ')}`,
    );
  }
}

/** The kernel's share of a process's CPU seconds (stime, field 15 of /proc/<pid>/stat). */
function systemSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[12]) / 100;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

/** One inspector session on one isolate (Chrome DevTools Protocol over Node's WebSocket). */
async function inspect(url: string) {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  let id = 0;
  const pending = new Map<number, (value: unknown) => void>();
  socket.onmessage = (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  };
  return {
    send: (method: string, params: object = {}) =>
      new Promise<unknown>((resolve) => {
        pending.set(++id, resolve);
        socket.send(JSON.stringify({ id, method, params }));
      }),
    close: () => socket.close(),
  };
}

async function profileFlows(entry: (typeof banks)[number], port: number) {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
    title: string;
  }[];
  // Our Worker's isolate (its Durable Objects run in it too) and Miniflare's D1 simulator.
  const chosen = targets.filter((t) => /core:user:|^d1:db$/.test(t.title));
  const sessions = await Promise.all(chosen.map((t) => inspect(t.webSocketDebuggerUrl)));
  for (const session of sessions) {
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 50 });
    await session.send('Profiler.start');
  }
  await driveMeasuredFlows(entry);
  for (const [index, session] of sessions.entries()) {
    const { profile: result } = (await session.send('Profiler.stop')) as {
      profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
    };
    session.close();
    const name = `${entry.name}-${chosen[index].title.replace(/\W+/g, '-')}`;
    const file = join(tmpdir(), `${name}.cpuprofile`);
    writeFileSync(file, JSON.stringify(result));
    console.log(`\n== ${chosen[index].title}: ${file}`);
    summarise(result);
  }
}

/** Drives the flows one at a time and prints workerd's CPU per flow over them. */
async function driveMeasuredFlows(entry: (typeof banks)[number]) {
  const before = cpuSeconds(entry.bank.pid);
  await driveFlows({
    flows,
    concurrency: 1,
    flow: ourFlow(entry.bank.workerOrigin),
    firstIndex: entry.next,
  });
  const cpu = cpuSeconds(entry.bank.pid) - before;
  console.log(`process CPU ${((cpu * 1000) / flows).toFixed(1)} ms/flow over ${flows} flows`);
}

function summarise(result: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }) {
  const self = new Map<number, number>();
  result.samples.forEach((node, i) => self.set(node, (self.get(node) ?? 0) + result.timeDeltas[i]));
  const byName = new Map<string, number>();
  for (const node of result.nodes) {
    const us = self.get(node.id) ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anon)'} ${url.split('/').pop()}:${lineNumber}`;
    byName.set(key, (byName.get(key) ?? 0) + us);
  }
  const idle = [...byName].filter(([k]) => k.startsWith('(idle)')).reduce((a, [, v]) => a + v, 0);
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`busy ${((total - idle) / 1000 / flows).toFixed(2)} ms/flow (sampled)`);
  console.log(
    [...byName]
      .filter(([k]) => !k.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 45)
      .map(([k, us]) => `${(us / 1000 / flows).toFixed(3).padStart(7)} ms/flow  ${k}`)
      .join('\n'),
  );
}

/** `perf record` of the whole workerd process (native frames: SQLite, V8, KJ) over the flows. */
async function perfFlows(entry: (typeof banks)[number]) {
  const file = join(tmpdir(), `${entry.name}.perf.data`);
  const pid = String(entry.bank.pid);
  const perf = args.includes('--strace')
    ? spawn(
        'strace',
        ['-f', '-y', '-e', 'trace=fsync,pwrite64,fdatasync', '-o', file + '.strace', '-p', pid],
        { stdio: 'inherit' },
      )
    : spawn('perf', ['record', '-F', '2000', '-g', '-p', pid, '-o', file], { stdio: 'inherit' });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await driveMeasuredFlows(entry);
  perf.kill('SIGINT');
  await new Promise((resolve) => perf.on('exit', resolve));
  console.log(`perf data: ${file}`);
}
