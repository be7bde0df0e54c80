// Prints the mutation score per package from the reports scripts/mutation.sh leaves
// (gremlins' JSON and StrykerJS's mutation-testing-report JSON).
// score = caught / (all - equivalent), where caught = killed + timed out (a mutant that
// makes the tests hang is caught) and the denominator counts survivors and mutants no
// test covers. Mutants listed in the equivalent file ("path:line:column MUTATOR reason")
// that survived are left out of the denominator: no test can tell them apart.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, equivalentFile, ...targets] = process.argv.slice(2);
const equivalent = new Set(
  existsSync(equivalentFile)
    ? readFileSync(equivalentFile, 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => l.split(/\s+/).slice(0, 2).join(' '))
    : []
);

const rows = [];
const newCounts = () => ({ killed: 0, timeout: 0, lived: 0, uncovered: 0, other: 0, equivalent: 0 });
const finish = (t, c, survivors) => {
  const caught = c.killed + c.timeout;
  const total = caught + c.lived + c.uncovered;
  return { t, ...c, score: total ? (100 * caught) / total : 100, survivors };
};
for (const t of targets) {
  const file = join(dir, t.replaceAll('/', '-') + '.json');
  if (!existsSync(file)) {
    rows.push({ t, missing: true });
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const c = newCounts();
  const survivors = [];
  // A StrykerJS run over a folder also gets one row per file, indented under the folder's.
  const perFile = new Map();
  const add = (where, mutator, status, fileName) => {
    const key = `${where} ${mutator}`;
    const fc =
      fileName === undefined ? undefined : (perFile.get(fileName) ?? perFile.set(fileName, newCounts()).get(fileName));
    const counts = fc ? [c, fc] : [c];
    if ((status === 'lived' || status === 'uncovered') && equivalent.has(key)) {
      counts.forEach((x) => x.equivalent++);
      return;
    }
    counts.forEach((x) => x[status]++);
    if (status === 'lived' || status === 'uncovered') {
      survivors.push(`${key}${status === 'uncovered' ? ' (no test covers it)' : ''}`);
    }
  };
  if (report.go_module) {
    const gstatus = {
      KILLED: 'killed',
      'TIMED OUT': 'timeout',
      LIVED: 'lived',
      'NOT COVERED': 'uncovered',
    };
    for (const f of report.files) {
      for (const m of f.mutations) {
        add(`${t}/${f.file_name}:${m.line}:${m.column}`, m.type, gstatus[m.status] ?? 'other');
      }
    }
  } else {
    const sstatus = { Killed: 'killed', Timeout: 'timeout', Survived: 'lived', NoCoverage: 'uncovered' };
    const files = Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b));
    for (const [path, f] of files) {
      for (const m of f.mutants) {
        add(
          `${path}:${m.location.start.line}:${m.location.start.column}`,
          m.mutatorName,
          sstatus[m.status] ?? 'other',
          files.length > 1 ? path : undefined
        );
      }
    }
  }
  rows.push(finish(t, c, survivors));
  for (const [path, fc] of perFile) {
    rows.push(finish(`  ${path.split('/').pop()}`, fc));
  }
}

console.log('\npackage / file           killed  timeout  survived  no-cover  equivalent  not-counted  score');
for (const r of rows) {
  if (r.missing) {
    console.log(`${r.t.padEnd(24)} (no report)`);
    continue;
  }
  console.log(
    `${r.t.padEnd(24)} ${String(r.killed).padStart(6)} ${String(r.timeout).padStart(8)} ${String(r.lived).padStart(9)} ` +
      `${String(r.uncovered).padStart(9)} ${String(r.equivalent).padStart(11)} ${String(r.other).padStart(12)}  ${r.score.toFixed(1)} %`
  );
}
console.log(
  '\nscore = (killed + timed out) / (killed + timed out + survived + not covered), equivalent mutants excluded;'
);
console.log('not-counted = not viable (does not compile), compile errors, ignored (static) mutants.');
for (const r of rows) {
  if (r.survivors?.length) {
    console.log(`\nsurviving in ${r.t}:\n  ${r.survivors.join('\n  ')}`);
  }
}
