// Compares the quarterly metrics computed by DuckDB, sqlite3 and rpo.
// Usage: node compare.mjs [--duckdb FILE.csv] [--sqlite FILE.csv] [--rpo FILE.json]
//                         [--table OUT.txt]        (at least two engines)
// The CSV files hold rows  period,metric,field,hundredths  (see duckdb.mjs,
// sqlite.sql).  rpo's JSON report gives doubles; they are brought to hundredths
// with round-half-away-from-zero, where a value within 1e-6 of a hundredth
// below a tie counts as the tie (the double nearest to an exact 2.675 is
// 2.67499999999999982236431605997495353221893310546875).
// Every value present in any engine must be present and equal in all the
// others; a count (applications, hires) may be absent in SQL when rpo says 0.
// Exit status: 0 all equal, 1 any mismatch, 2 usage or unreadable input.
import fs from 'node:fs';

const METRICS = ['applications', 'hires', 'time_to_fill', 'time_to_hire',
  'offer_acceptance_rate', 'cost_per_hire'];
const DIST = new Set(['time_to_fill', 'time_to_hire']);
const COUNTS = new Set(['applications', 'hires']);

const args = {};
for (let i = 2; i < process.argv.length; i += 2) {
  const k = process.argv[i], v = process.argv[i + 1];
  if (!k.startsWith('--') || v === undefined) usage();
  args[k.slice(2)] = v;
}
if (['duckdb', 'sqlite', 'rpo'].filter((e) => args[e]).length < 2) usage();

function usage() {
  console.error('usage: node compare.mjs [--duckdb FILE.csv] [--sqlite FILE.csv] [--rpo FILE.json] [--table OUT] (two or more)');
  process.exit(2);
}

function readCsv(file) {
  const m = new Map();
  let text;
  try { text = fs.readFileSync(file, 'utf8'); } catch (e) {
    console.error(`compare: cannot read ${file}: ${e.message}`); process.exit(2);
  }
  for (const line of text.split(/\r?\n/)) {
    if (!line) continue;
    const [period, metric, field, h] = line.split(',');
    if (!/^-?\d+$/.test(h)) { console.error(`compare: ${file}: bad line: ${line}`); process.exit(2); }
    m.set(`${period},${metric},${field}`, BigInt(h));
  }
  return m;
}

// double -> hundredths (BigInt), half away from zero, ties within 1e-6
function hundredths(x) {
  const a = Math.abs(x) * 100;
  let r = Math.floor(a);
  if (a - r >= 0.5 - 1e-6) r += 1;
  return BigInt(x < 0 ? -r : r);
}

function readRpo(file) {
  const m = new Map();
  let doc;
  try { doc = JSON.parse(fs.readFileSync(file, 'utf8')); } catch (e) {
    console.error(`compare: cannot read ${file}: ${e.message}`); process.exit(2);
  }
  const metrics = Array.isArray(doc.metrics) ? doc.metrics : [];
  for (const id of METRICS) {
    const met = metrics.find((x) => x && x.id === id);
    if (!met) { console.error(`compare: ${file}: metric ${id} missing`); continue; }
    for (const [period, v] of Object.entries(met.values || {})) {
      if (!v || typeof v.value !== 'number') continue; // no value: insufficient / no data
      m.set(`${period},${id},value`, hundredths(v.value));
      if (DIST.has(id)) {
        if (typeof v.mean === 'number') m.set(`${period},${id},mean`, hundredths(v.mean));
        if (typeof v.p90 === 'number') m.set(`${period},${id},p90`, hundredths(v.p90));
        if (typeof v.n === 'number') m.set(`${period},${id},n`, BigInt(v.n));
      }
    }
  }
  return m;
}

const fmt = (key, h) => {
  if (h === undefined) return '-';
  if (key.endsWith(',n')) return h.toString();
  const neg = h < 0n, a = neg ? -h : h;
  return `${neg ? '-' : ''}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
};

const engines = {};
if (args.duckdb) engines.duckdb = readCsv(args.duckdb);
if (args.sqlite) engines.sqlite = readCsv(args.sqlite);
if (args.rpo) engines.rpo = readRpo(args.rpo);
const names = Object.keys(engines);
const keys = new Set();
for (const m of Object.values(engines)) for (const k of m.keys()) keys.add(k);
const order = (k) => {
  const [p, m, f] = k.split(',');
  return [p === 'overall' ? 'zzzz' : p, METRICS.indexOf(m), ['n', 'value', 'mean', 'p90'].indexOf(f)];
};
const sorted = [...keys].sort((a, b) => {
  const x = order(a), y = order(b);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
});

let mismatches = 0;
const lines = [['period', 'metric', 'field', ...names, 'status'].join('\t')];
const bad = [];
for (const k of sorted) {
  const [, metric] = k.split(',');
  const vals = names.map((n) => {
    const v = engines[n].get(k);
    if (v === undefined && COUNTS.has(metric) && n !== 'rpo' && engines.rpo?.get(k) === 0n) return 0n;
    return v;
  });
  const ok = vals.every((v) => v !== undefined && v === vals[0]);
  if (!ok) mismatches++;
  const line = [...k.split(','), ...vals.map((v) => fmt(k, v)), ok ? 'ok' : 'MISMATCH'].join('\t');
  lines.push(line);
  if (!ok) bad.push(line);
}
const table = lines.join('\n') + '\n';
if (args.table) fs.writeFileSync(args.table, table);
else process.stdout.write(table);
if (mismatches) {
  console.error(`compare: ${mismatches} of ${sorted.length} values differ (${names.join(', ')}):`);
  console.error(lines[0]);
  for (const l of bad) console.error(l);
  process.exit(1);
}
console.error(`compare: all ${sorted.length} values equal across ${names.join(', ')}`);
