-- Quarterly RPO metrics with the sqlite3 CLI, for bench/run.sh.
-- Run in the data folder:  sqlite3 :memory: < sqlite.sql
-- Prints CSV rows  period,metric,field,hundredths  (values x 100, rounded half
-- away from zero with exact integer arithmetic; see README.md).
-- Dates are ISO-8601 dates as rpo-gen writes them (the quarter is taken from
-- the text, day differences with julianday()).
.bail on
.import --csv requisitions.csv requisitions
.import --csv applications.csv applications
.import --csv costs.csv costs
.mode list
.separator ,
.headers off

-- one row per hire (application with an accepted offer)
CREATE TEMP TABLE hires AS
SELECT substr(a.offer_accepted_at, 1, 4) || 'Q' ||
         ((CAST(substr(a.offer_accepted_at, 6, 2) AS INTEGER) + 2) / 3) AS q,
       CAST(julianday(a.offer_accepted_at) - julianday(NULLIF(a.applied_at, '')) AS INTEGER) AS tth,
       CAST(julianday(a.offer_accepted_at) - julianday(r.opened_at) AS INTEGER)
         - COALESCE(CAST(NULLIF(r.hold_days, '') AS INTEGER), 0) AS ttf
FROM applications a LEFT JOIN requisitions r ON r.id = a.requisition_id
WHERE a.offer_accepted_at <> '';

-- values of the distribution metrics, per quarter and overall
CREATE TEMP TABLE dist AS
SELECT q, 'time_to_fill' AS m, ttf AS v FROM hires WHERE ttf IS NOT NULL
UNION ALL SELECT 'overall', 'time_to_fill', ttf FROM hires WHERE ttf IS NOT NULL
UNION ALL SELECT q, 'time_to_hire', tth FROM hires WHERE tth IS NOT NULL
UNION ALL SELECT 'overall', 'time_to_hire', tth FROM hires WHERE tth IS NOT NULL;

-- rank i (0-based) in sorted order and group size n
CREATE TEMP TABLE ranked AS
SELECT q, m, v,
       row_number() OVER (PARTITION BY q, m ORDER BY v) - 1 AS i,
       count(*) OVER (PARTITION BY q, m) AS n
FROM dist;

-- linear interpolation: h = (n-1)p, x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]);
-- for p = 0.5 the fraction is ((n-1) mod 2)/2, for p = 0.9 it is (9(n-1) mod 10)/10
CREATE TEMP TABLE stats AS
SELECT q, m, n, sum(v) AS s,
       max(CASE WHEN i = (n - 1) / 2 THEN v END) AS med_lo,
       max(CASE WHEN i = (n - 1) / 2 + 1 THEN v END) AS med_hi,
       max(CASE WHEN i = 9 * (n - 1) / 10 THEN v END) AS p90_lo,
       max(CASE WHEN i = 9 * (n - 1) / 10 + 1 THEN v END) AS p90_hi
FROM ranked GROUP BY q, m, n;

-- offers: counted once, in the quarter of the acceptance or else the decline
CREATE TEMP TABLE offers AS
SELECT substr(d, 1, 4) || 'Q' || ((CAST(substr(d, 6, 2) AS INTEGER) + 2) / 3) AS q, acc
FROM (SELECT CASE WHEN offer_accepted_at <> '' THEN offer_accepted_at ELSE offer_declined_at END AS d,
             offer_accepted_at <> '' AS acc
      FROM applications WHERE offer_accepted_at <> '' OR offer_declined_at <> '');

-- costs in cents, exactly
CREATE TEMP TABLE cost_q AS
SELECT q, sum(cents) AS cents FROM (
  SELECT substr(date, 1, 4) || 'Q' || ((CAST(substr(date, 6, 2) AS INTEGER) + 2) / 3) AS q,
         CAST(round(CAST(amount AS REAL) * 100) AS INTEGER) AS cents
  FROM costs WHERE amount <> '')
GROUP BY q;
INSERT INTO cost_q SELECT 'overall', sum(cents) FROM cost_q;

CREATE TEMP TABLE hire_q AS
SELECT q, count(*) AS h FROM hires GROUP BY q;
INSERT INTO hire_q SELECT 'overall', sum(h) FROM hire_q;

-- exact a*100/b rounded half away from zero, in hundredths: round(10000 a / b)
-- is written (2*|x| + b) / (2b) with the sign put back.
CREATE TEMP TABLE result(period TEXT, metric TEXT, field TEXT, hundredths INTEGER);

INSERT INTO result
SELECT q, 'applications', 'value', 100 * count(*) FROM (
  SELECT substr(applied_at, 1, 4) || 'Q' || ((CAST(substr(applied_at, 6, 2) AS INTEGER) + 2) / 3) AS q
  FROM applications WHERE applied_at <> '')
GROUP BY q;
INSERT INTO result SELECT 'overall', 'applications', 'value', 100 * count(*)
  FROM applications WHERE applied_at <> '';

INSERT INTO result SELECT q, 'hires', 'value', 100 * h FROM hire_q;

INSERT INTO result SELECT q, m, 'n', n FROM stats;
INSERT INTO result SELECT q, m, 'value',
  50 * (2 * med_lo + ((n - 1) % 2) * (COALESCE(med_hi, med_lo) - med_lo)) FROM stats;
INSERT INTO result SELECT q, m, 'p90',
  10 * (10 * p90_lo + ((9 * (n - 1)) % 10) * (COALESCE(p90_hi, p90_lo) - p90_lo)) FROM stats;
INSERT INTO result SELECT q, m, 'mean',
  CASE WHEN s >= 0 THEN (200 * s + n) / (2 * n) ELSE -((n - 200 * s) / (2 * n)) END FROM stats;

INSERT INTO result
SELECT q, 'offer_acceptance_rate', 'value', (20000 * a + t) / (2 * t)
FROM (SELECT q, sum(acc) AS a, count(*) AS t FROM offers GROUP BY q
      UNION ALL SELECT 'overall', sum(acc), count(*) FROM offers);

INSERT INTO result
SELECT c.q, 'cost_per_hire', 'value',
  CASE WHEN c.cents >= 0 THEN (2 * c.cents + h.h) / (2 * h.h)
       ELSE -((h.h - 2 * c.cents) / (2 * h.h)) END
FROM cost_q c JOIN hire_q h ON h.q = c.q WHERE h.h > 0;

SELECT period, metric, field, hundredths FROM result ORDER BY period, metric, field;
