#!/usr/bin/env node
// Compares pkg/rrd's Go parsers with what Xen Orchestra does on the very same
// rrd_updates bodies.
//
// Xen Orchestra (vatesfr/xen-orchestra packages/xo-server/src/xapi-stats.mjs,
// _updateJsonCache / _getAndUpdateStats) fetches /rrd_updates?json=true, calls
// `response.text().then(JSON5.parse)`, copies and reverses `data` (rows come
// newest first), then for each legend entry matches
// /^AVERAGE:([^:]+):(.+):(.+)$/ and maps every row's `values[index]` through
// `isNaN(v) ? null : v`. Since xapi 23.31 the body is strict JSON with string
// numbers, which XO still feeds to JSON5.parse (XO Lite switched to JSON.parse,
// vatesfr/xen-orchestra PR #7383); the strict format is therefore also timed
// with JSON.parse plus the same walk and a Number() per value.
//
// Payloads are written by the Go test TestWriteBenchPayloads (one pool host:
// 16 host + 40 VMs x 50 data sources = 2,016 columns, 120 rows), so both sides
// read identical bytes. Go figures come from `go test -bench ParseUpdates
// -cpu 1`; Node is single-threaded, so both are one core.
//
// Usage: node scripts/bench-rrd-xo.mjs [--seconds 3] [--dir DIR] [--no-go]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSON5 from 'json5';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const opts = { seconds: 3, dir: '', go: true };
  for (let i = 0; i < argv.length; i++) {
    switch (argv[i]) {
      case '--seconds':
        opts.seconds = Number(argv[++i]);
        break;
      case '--dir':
        opts.dir = argv[++i];
        break;
      case '--no-go':
        opts.go = false;
        break;
      default:
        throw new Error(`unknown argument ${argv[i]} (use --seconds N, --dir DIR, --no-go)`);
    }
  }
  if (!(opts.seconds > 0)) {
    throw new Error('--seconds must be a positive number');
  }
  return opts;
}

function writePayloads(dir) {
  execFileSync('go', ['test', './pkg/rrd', '-run', '^TestWriteBenchPayloads$', '-count=1', '-args', '-out', dir], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

// Go's ParseUpdates figures per sub-benchmark: wall MB/s (10^6 bytes/s),
// CPU-time MB/s and allocations per payload.
function goFigures(seconds) {
  const args = ['test', './pkg/rrd', '-run', '^$', '-bench', '^BenchmarkParseUpdates$'];
  args.push('-benchtime', `${seconds}s`, '-cpu', '1', '-count', '1');
  const out = execFileSync('go', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const figures = {};
  for (const line of out.split('\n')) {
    const m = /^BenchmarkParseUpdates\/(\w+)\s+\d+\s+(.*)$/.exec(line);
    if (!m) {
      continue;
    }
    const fields = m[2].trim().split(/\s+/);
    const metrics = {};
    for (let i = 0; i + 1 < fields.length; i += 2) {
      metrics[fields[i + 1]] = Number(fields[i]);
    }
    figures[m[1]] = { wall: metrics['MB/s'], cpu: metrics['cpu-MB/s'], allocs: metrics['allocs/op'] };
  }
  if (Object.keys(figures).length === 0) {
    throw new Error(`no BenchmarkParseUpdates lines in go test output:\n${out}`);
  }
  return figures;
}

const LEGEND = /^AVERAGE:([^:]+):(.+):(.+)$/;
const convertNanToNull = (value) => (isNaN(value) ? null : value);

// The per-payload work of xapi-stats.mjs after parsing, for every column
// instead of one object's: reverse, split each legend, collect its values.
function walkLikeXo(json, toNumber) {
  const data = [...json.data];
  data.reverse();
  const columns = new Map();
  json.meta.legend.forEach((legend, index) => {
    const m = LEGEND.exec(legend);
    if (m === null) {
      return;
    }
    columns.set(
      legend,
      data.map(({ values }) => convertNanToNull(toNumber(values[index])))
    );
  });
  return columns;
}

const identity = (v) => v;

// Runs fn repeatedly for about `seconds` after a warm-up. Returns MB/s by
// wall time and by process CPU time (user+system, V8's helper threads
// included), the latter being comparable with Go's cpu-MB/s on a busy host.
function measure(bytes, seconds, fn) {
  for (let i = 0; i < 3; i++) {
    fn();
  }
  let iterations = 0;
  let sink = 0;
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  let elapsed = 0n;
  while (elapsed < budget) {
    const result = fn();
    sink += result ? 1 : 0;
    iterations++;
    elapsed = process.hrtime.bigint() - start;
  }
  const cpu = process.cpuUsage(cpu0);
  if (sink !== iterations) {
    throw new Error('a parser returned nothing');
  }
  const total = bytes * iterations;
  return { wall: total / (Number(elapsed) / 1e9) / 1e6, cpu: total / ((cpu.user + cpu.system) / 1e6) / 1e6 };
}

// pair prints "wall/cpu" MB/s.
function pair(m) {
  return m === undefined ? 'n/a'.padStart(13) : `${m.wall.toFixed(0)}/${(m.cpu ?? NaN).toFixed(0)}`.padStart(13);
}

function ratio(go, other) {
  if (go === undefined || other === undefined) {
    return 'n/a'.padStart(13);
  }
  return `${(go.wall / other.wall).toFixed(1)}x/${(go.cpu / other.cpu).toFixed(1)}x`.padStart(13);
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const dir = opts.dir || mkdtempSync(join(tmpdir(), 'rrd-bench-'));
  try {
    if (!opts.dir) {
      writePayloads(dir);
    }
    const text = {
      xml: readFileSync(join(dir, 'rrd_updates.xml'), 'utf8'),
      json5: readFileSync(join(dir, 'rrd_updates.json5'), 'utf8'),
      jsonstrings: readFileSync(join(dir, 'rrd_updates.json'), 'utf8'),
    };
    const bytes = Object.fromEntries(Object.entries(text).map(([k, v]) => [k, Buffer.byteLength(v)]));

    const node = {
      json5: {
        'JSON5.parse': measure(bytes.json5, opts.seconds, () => JSON5.parse(text.json5)),
        'JSON5.parse+walk': measure(bytes.json5, opts.seconds, () => walkLikeXo(JSON5.parse(text.json5), identity)),
      },
      jsonstrings: {
        'JSON5.parse': measure(bytes.jsonstrings, opts.seconds, () => JSON5.parse(text.jsonstrings)),
        'JSON5.parse+walk': measure(bytes.jsonstrings, opts.seconds, () =>
          walkLikeXo(JSON5.parse(text.jsonstrings), Number)
        ),
        'JSON.parse': measure(bytes.jsonstrings, opts.seconds, () => JSON.parse(text.jsonstrings)),
        'JSON.parse+walk': measure(bytes.jsonstrings, opts.seconds, () =>
          walkLikeXo(JSON.parse(text.jsonstrings), Number)
        ),
      },
    };
    const go = opts.go ? goFigures(opts.seconds) : {};

    console.log(`rrd_updates of one pool host: 2,016 columns x 120 rows, node ${process.version}, one core.`);
    console.log('Each cell is MB/s (10^6 bytes/s) by wall time / by process CPU time; ratios likewise.');
    console.log('XO = Xen Orchestra xapi-stats: JSON5.parse, then reverse rows and split every column ("+walk").');
    const cols = [
      'format',
      'bytes',
      'Go Parse',
      'allocs',
      'JSON5.parse',
      'JSON5+walk',
      'JSON.parse',
      'JSON.parse+walk',
    ];
    cols.push('Go/XO JSON5+walk', 'Go/JSON+walk');
    console.log(cols.map((c, i) => (i === 0 ? c.padEnd(12) : c.padStart(13))).join(' '));
    for (const name of ['xml', 'json5', 'jsonstrings']) {
      const g = go[name];
      const n = node[name] ?? {};
      const row = [name.padEnd(12), String(bytes[name]).padStart(13), pair(g), String(g?.allocs ?? 'n/a').padStart(13)];
      row.push(pair(n['JSON5.parse']), pair(n['JSON5.parse+walk']), pair(n['JSON.parse']), pair(n['JSON.parse+walk']));
      row.push(ratio(g, n['JSON5.parse+walk']), ratio(g, n['JSON.parse+walk']));
      console.log(row.join(' '));
    }
    console.log('xml: Xen Orchestra does not read the XML format, so it has no Node counterpart here.');
  } finally {
    if (!opts.dir) {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

main();
