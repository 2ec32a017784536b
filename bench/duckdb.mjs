// Quarterly RPO metrics with DuckDB (npm package @duckdb/node-api), for
// bench/run.sh.  Usage: node duckdb.mjs DATA_DIR
// Reads the CSV files with read_csv inside the run (nothing is preloaded) and
// prints CSV rows  period,metric,field,hundredths  like sqlite.sql: values x 100
// rounded half away from zero; medians and p90 use quantile_cont (linear
// interpolation), means, rates and cost per hire exact integer arithmetic.
// DuckDB runs with its defaults (all cores).
import { DuckDBInstance } from '@duckdb/node-api';
import path from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node duckdb.mjs DATA_DIR');
  process.exit(64);
}
const csv = (name) => `'${path.resolve(dir, name).replaceAll("'", "''")}'`;

// Quarter label like 2024Q1.
const Q = (d) => `(year(${d})::VARCHAR || 'Q' || quarter(${d})::VARCHAR)`;
// round(100 * num / den) half away from zero, exactly, for integer num/den (den > 0)
const R = (num, den) =>
  `(CASE WHEN (${num}) >= 0 THEN (2 * (${num}) + (${den})) // (2 * (${den}))` +
  ` ELSE -(((${den}) - 2 * (${num})) // (2 * (${den}))) END)`;

const sql = `
CREATE TEMP TABLE reqs AS
  SELECT id, opened_at, hold_days FROM read_csv(${csv('requisitions.csv')}, header = true,
    types = {'id': 'VARCHAR', 'opened_at': 'DATE', 'hold_days': 'BIGINT'});
CREATE TEMP TABLE apps AS
  SELECT requisition_id, applied_at, offer_accepted_at, offer_declined_at
  FROM read_csv(${csv('applications.csv')}, header = true,
    types = {'requisition_id': 'VARCHAR', 'applied_at': 'DATE',
             'offer_accepted_at': 'DATE', 'offer_declined_at': 'DATE'});
CREATE TEMP TABLE costs AS
  SELECT date, amount FROM read_csv(${csv('costs.csv')}, header = true,
    types = {'date': 'DATE', 'amount': 'DECIMAL(18,2)'});

CREATE TEMP TABLE hires AS
  SELECT ${Q('a.offer_accepted_at')} AS q,
         a.offer_accepted_at - a.applied_at AS tth,
         a.offer_accepted_at - r.opened_at - coalesce(r.hold_days, 0) AS ttf
  FROM apps a LEFT JOIN reqs r ON r.id = a.requisition_id
  WHERE a.offer_accepted_at IS NOT NULL;

CREATE TEMP TABLE dist AS
  SELECT q, 'time_to_fill' AS m, ttf AS v FROM hires WHERE ttf IS NOT NULL
  UNION ALL SELECT q, 'time_to_hire', tth FROM hires WHERE tth IS NOT NULL;

CREATE TEMP TABLE stats AS
  SELECT coalesce(q, 'overall') AS q, m, count(*) AS n, sum(v) AS s,
         quantile_cont(v, 0.5) AS med, quantile_cont(v, 0.9) AS p90
  FROM dist GROUP BY GROUPING SETS ((q, m), (m));

CREATE TEMP TABLE offers AS
  SELECT ${Q('coalesce(offer_accepted_at, offer_declined_at)')} AS q,
         (offer_accepted_at IS NOT NULL)::INTEGER AS acc
  FROM apps WHERE offer_accepted_at IS NOT NULL OR offer_declined_at IS NOT NULL;

CREATE TEMP TABLE hire_q AS
  SELECT coalesce(q, 'overall') AS q, count(*) AS h FROM hires GROUP BY GROUPING SETS ((q), ());
CREATE TEMP TABLE cost_q AS
  SELECT coalesce(q, 'overall') AS q, (sum(amount) * 100)::BIGINT AS cents
  FROM (SELECT ${Q('date')} AS q, amount FROM costs WHERE amount IS NOT NULL)
  GROUP BY GROUPING SETS ((q), ());

SELECT period, metric, field, hundredths FROM (
  SELECT coalesce(q, 'overall') AS period, 'applications' AS metric, 'value' AS field,
         100 * count(*) AS hundredths
  FROM (SELECT ${Q('applied_at')} AS q FROM apps WHERE applied_at IS NOT NULL)
  GROUP BY GROUPING SETS ((q), ())
  UNION ALL SELECT q, 'hires', 'value', 100 * h FROM hire_q
  UNION ALL SELECT q, m, 'n', n FROM stats
  UNION ALL SELECT q, m, 'value', round(med * 100)::BIGINT FROM stats
  UNION ALL SELECT q, m, 'p90', round(p90 * 100)::BIGINT FROM stats
  UNION ALL SELECT q, m, 'mean', ${R('100 * s', 'n')} FROM stats
  UNION ALL SELECT coalesce(q, 'overall'), 'offer_acceptance_rate', 'value',
                   ${R('10000 * sum(acc)', 'count(*)')}
            FROM offers GROUP BY GROUPING SETS ((q), ())
  UNION ALL SELECT c.q, 'cost_per_hire', 'value', ${R('c.cents', 'h.h')}
            FROM cost_q c JOIN hire_q h ON h.q = c.q WHERE h.h > 0
) ORDER BY period, metric, field`;

const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
const statements = sql.split(';').map((s) => s.trim()).filter(Boolean);
let rows = [];
for (const [i, stmt] of statements.entries()) {
  if (i < statements.length - 1) await conn.run(stmt);
  else rows = (await conn.runAndReadAll(stmt)).getRows();
}
process.stdout.write(rows.map((r) => r.map(String).join(',')).join('\n') + '\n');
