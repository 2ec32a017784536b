#!/usr/bin/env python3
"""flat_sinks_check.py — check the markdown, csv and prometheus sinks' files
against the JSON report of the same run (standard library only).

    flat_sinks_check.py KIND JSON FILE [ARGS]
      markdown JSON report.md             every number of every table
      csv JSON report.csv DIMENSIONS      every row, and every cell once
      prom JSON rpo.prom PERIODS DIMENSIONS T0 T1
                                           exposition format (names, one
                                           TYPE per family, no duplicate
                                           series) and every value
Prints one line per problem (at most 20) and exits 1 when there is any;
prints a one-line summary and exits 0 otherwise. The expected texts are
derived here from the JSON numbers, independently of the C code.
"""
import csv
import datetime
import io
import json
import re
import sys

problems = []


def problem(msg):
    problems.append(msg)


def finish(summary):
    if problems:
        for p in problems[:20]:
            print(p)
        if len(problems) > 20:
            print("... and %d more" % (len(problems) - 20))
        sys.exit(1)
    print(summary)
    sys.exit(0)


# ------------------------------------------------------------ the report

def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def metric_cells(rep, dims):
    """{(metric id, period, dimension, value): cell} for segment "all" and
    the listed dimensions."""
    cells = {}
    for m in rep["metrics"]:
        for p, v in m["values"].items():
            cells[(m["id"], p, "all", "")] = v
        for d, segs in m["segments"].items():
            if d not in dims:
                continue
            for s, vals in segs.items():
                for p, v in vals.items():
                    cells[(m["id"], p, d, s)] = v
    return cells


def number(unit, v):
    """The console's and markdown's text of a number (sink_common/text.h)."""
    if unit == "count":
        return "%d" % round(v)
    if unit == "percent":
        return "%.2f%%" % v
    return "%.2f" % v


def plain(unit, v):
    """The csv sink's text: integers for counts, else at most two decimals."""
    if unit == "count":
        return "%d" % round(v)
    s = "%.2f" % v
    s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def status_word(text):
    if text == "":
        return "none"
    for sym, word in (("\u2714 met", "met"), ("\u2248 near", "near"), ("\u2718 missed", "missed")):
        if text == sym:
            return word
    if text.startswith("? "):
        return "insufficient"
    return "?" + text


# -------------------------------------------------------------- markdown

def unescape(s):
    return re.sub(r"\\(.)", r"\1", s)


def md_tables(text):
    """[(heading path, header cells, rows of cells)] of every GFM table."""
    tables, headings = [], {}
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^(#+) (.*)$", line)
        if m:
            level = len(m.group(1))
            headings = {k: v for k, v in headings.items() if k < level}
            headings[level] = m.group(2)
        if line.startswith("|") and i + 1 < len(lines) and re.match(r"^\|(-+:?\|)+$", lines[i + 1]):
            head = split_row(line)
            rows = []
            i += 2
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(split_row(lines[i]))
                i += 1
            tables.append((dict(headings), head, rows))
            continue
        i += 1
    return tables


def split_row(line):
    cells, cur, esc = [], "", False
    for ch in line.strip()[1:-1]:
        if esc:
            cur += "\\" + ch
            esc = False
        elif ch == "\\":
            esc = True
        elif ch == "|":
            cells.append(cur.strip())
            cur = ""
        else:
            cur += ch
    cells.append(cur.strip())
    return cells


def label_of(m, currency):
    """sink_text_metric_label without a target."""
    unit = "days" if m["unit"] == "days" else (currency if m["unit"] == "currency" and currency else None)
    median = "median" if m["distribution"] else None
    if median and unit:
        return "%s, %s %s" % (m["name"], median, unit)
    if median or unit:
        return "%s, %s" % (m["name"], median or unit)
    return m["name"]


def value_text(v, m, field, min_n):
    if v["state"] == "insufficient":
        return "n<%d" % min_n if field == "value" else ""
    if v["state"] == "empty":
        return "-" if field == "value" else ""
    return number(m["unit"], v[field])


def target_text(m, t):
    side = {"lower_is_better": "\u2264 ", "higher_is_better": "\u2265 "}.get(m["direction"], "")
    return side + number(m["unit"], t)


def change_text(unit, d):
    sign = "+" if d > 0 else ""
    if unit == "percent":
        return "%s%.2f pp" % (sign, d)
    if unit == "count":
        return "%s%d" % (sign, round(d))
    return "%s%.2f" % (sign, d)


def check_markdown(rep, path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    min_n = rep["engagement"]["min_n"]
    currency = rep["engagement"]["currency"]
    by_id = {m["id"]: m for m in rep["metrics"]}
    by_label = {}
    for m in rep["metrics"]:
        lab = label_of(m, currency)
        if lab in by_label:
            problem("two metrics share the label %r; the check cannot tell them apart" % lab)
        by_label[lab] = m
    checked = {"per-metric": 0, "summary": 0, "incentive": 0, "framework": 0}
    cells = 0
    periods_seen = set()

    def expect(where, got, want):
        nonlocal cells
        cells += 1
        if got != want:
            problem("%s: markdown %r, JSON gives %r" % (where, got, want))

    for heads, head, rows in md_tables(text):
        h3 = heads.get(3, "")
        if head[0] == "Period":
            mm = re.search(r"\(`([^`]*)`\)$", h3)
            if not mm or mm.group(1) not in by_id:
                problem("a period table under %r names no metric of the report" % h3)
                continue
            m = by_id[mm.group(1)]
            checked["per-metric"] += 1
            for row in rows:
                cell = dict(zip(head, row))
                p = unescape(cell["Period"])
                periods_seen.add(p)
                v = m["values"].get(p)
                where = "%s %s" % (m["id"], p)
                if v is None:
                    problem("%s: no such period in the JSON report" % where)
                    continue
                expect(where + " value", cell["Value"], value_text(v, m, "value", min_n))
                if m["distribution"]:
                    expect(where + " mean", cell["Mean"], value_text(v, m, "mean", min_n) if v["state"] == "ok" else "")
                    expect(where + " p90", cell["p90"], value_text(v, m, "p90", min_n) if v["state"] == "ok" else "")
                expect(where + " n", cell["n"], str(v["n"]))
                expect(where + " target", cell["Target"], "" if v["target"] is None else target_text(m, v["target"]))
                expect(where + " baseline", cell["Baseline"], "" if v["baseline"] is None else number(m["unit"], v["baseline"]))
                expect(where + " status", status_word(cell["Status"]), v["status"])
                d = v["change_vs_previous"]
                expect(where + " vs previous period", cell["vs previous period"], "" if d is None else change_text(m["unit"], d))
        elif head[0] in ("Metric", "Stage"):
            checked["summary"] += 1
            periods = head[1:]
            for row in rows:
                lab = unescape(row[0])
                m = by_label.get(lab)
                if m is None:
                    problem("summary table row %r names no metric" % lab)
                    continue
                last = None
                for col, cell in zip(periods, row[1:]):
                    if col == "Target":
                        continue
                    if col == "Status":
                        expect("%s %s status" % (m["id"], last), status_word(cell), m["values"][last]["status"])
                        continue
                    last = unescape(col)
                    v = m["values"].get(last)
                    if v is None:
                        problem("%s: period %s not in the JSON report" % (m["id"], last))
                        continue
                    expect("%s %s (summary)" % (m["id"], last), cell, value_text(v, m, "value", min_n))
                if head[1] == "Target":
                    tv = next((m["values"][unescape(c)] for c in periods if c not in ("Target", "Status")
                               and m["values"][unescape(c)]["target"] is not None), None)
                    expect("%s key target" % m["id"], row[1], "" if tv is None else target_text(m, tv["target"]))
        elif head[0] == "Metric (weight)":
            checked["incentive"] += 1
            inc = {p["period"]: p for p in rep["incentive"]["periods"]}
            for row in rows:
                lab = unescape(row[0])
                for col, cell in zip(head[1:], row[1:]):
                    ip = inc[unescape(col)]
                    if lab == "Weighted attainment":
                        expect("incentive %s weighted" % col, cell, "-" if ip["weighted"] is None else "%.2f%%" % ip["weighted"])
                    elif lab.startswith("Payout"):
                        expect("incentive %s payout" % col, cell, "%.2f" % ip["payout"])
                    elif lab.startswith("Tier"):
                        continue
                    else:
                        name = re.sub(r" \([^)]*\)$", "", lab)
                        line = next(l for l in ip["lines"] if by_id[l["metric"]]["name"] == name)
                        want = ("%.2f%%" % line["attainment"] if line["attainment"] is not None
                                else "n<%d" % min_n if line["state"] == "insufficient" else "-")
                        expect("incentive %s %s" % (col, name), cell, want)
        elif head[0] == "Element":
            checked["framework"] += 1
            inst = re.match(r"^(\S+) \(", heads.get(3, ""))
            grp = re.match(r"^(.*), (\S+)$", heads.get(4, ""))
            fw = next(f for f in rep["frameworks"] if f["instance"] == inst.group(1))
            gname = "" if grp.group(1) == "All respondents" else unescape(grp.group(1))
            g = next(x for x in fw["groups"] if x["group"] == gname and x["period"] == grp.group(2))
            for row in rows:
                d = next(x for x in g["dimensions"] if x["name"] == unescape(row[0]))
                expect("framework %s n" % d["name"], row[1], str(d["n"]))
                expect("framework %s score" % d["name"], row[2], "-" if d["score"] is None else "%.2f" % d["score"])
                expect("framework %s spread" % d["name"], row[3], "-" if d["spread"] is None else "%.2f" % d["spread"])
    for m in rep["metrics"]:
        if "(`%s`)" % m["id"] not in text:
            problem("metric %s has no table in the markdown" % m["id"])
    if checked["per-metric"] != len(rep["metrics"]):
        problem("%d per-metric tables for %d metrics" % (checked["per-metric"], len(rep["metrics"])))
    finish("markdown: %d cells equal the JSON report's (%d metric tables over %d periods, %d summary, "
           "%d incentive, %d framework tables)" % (cells, checked["per-metric"], len(periods_seen),
                                                  checked["summary"], checked["incentive"], checked["framework"]))


# ------------------------------------------------------------------- csv

def check_csv(rep, path, dims):
    with open(path, "rb") as f:
        raw = f.read()
    if raw.count(b"\r\n") != raw.count(b"\n"):
        problem("a line of the CSV does not end in CRLF")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    header = ["engagement", "period", "segment_dimension", "segment_value", "metric", "value", "n",
              "target", "baseline", "status", "state", "unit"]
    if rows[0] != header:
        problem("header %r" % rows[0])
    cells = metric_cells(rep, dims)
    units = {m["id"]: m["unit"] for m in rep["metrics"]}
    seen = set()
    for i, row in enumerate(rows[1:], start=2):
        r = dict(zip(header, row))
        key = (r["metric"], r["period"], r["segment_dimension"], r["segment_value"])
        where = "line %d (%s)" % (i, ", ".join(key))
        if len(row) != len(header):
            problem("%s: %d fields" % (where, len(row)))
            continue
        if key in seen:
            problem("%s: a second row for this cell" % where)
        seen.add(key)
        v = cells.get(key)
        if v is None:
            problem("%s: no such cell in the JSON report" % where)
            continue
        unit = units[r["metric"]]
        want = {
            "engagement": rep["engagement"]["name"],
            "value": "" if v["value"] is None else plain(unit, v["value"]),
            "n": str(v["n"]),
            "target": "" if v["target"] is None else plain(unit, v["target"]),
            "baseline": "" if v["baseline"] is None else plain(unit, v["baseline"]),
            "status": v["status"],
            "state": v["state"],
            "unit": unit,
        }
        for k, w in want.items():
            if r[k] != w:
                problem("%s: %s is %r, JSON gives %r" % (where, k, r[k], w))
    for key in cells:
        if key not in seen:
            problem("cell %s of the JSON report has no CSV row" % (key,))
    finish("csv: %d rows, each equal to its JSON cell, every JSON cell once" % (len(rows) - 1))


# ------------------------------------------------------------ prometheus

NAME = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$")
LABEL = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")
SAMPLE = re.compile(r"^([^{ ]+)(?:\{(.*)\})? (\S+)$")


def parse_labels(s, where):
    labels, i = {}, 0
    while i < len(s):
        m = re.match(r'([^=]+)="', s[i:])
        if not m:
            problem("%s: bad label syntax at %r" % (where, s[i:]))
            return labels
        name = m.group(1)
        if not LABEL.match(name) or name.startswith("__"):
            problem("%s: bad label name %r" % (where, name))
        i += m.end()
        val = ""
        while i < len(s) and s[i] != '"':
            if s[i] == "\\":
                nxt = s[i + 1] if i + 1 < len(s) else ""
                if nxt not in ('\\', '"', 'n'):
                    problem("%s: bad escape \\%s" % (where, nxt))
                val += "\n" if nxt == "n" else nxt
                i += 2
            else:
                val += s[i]
                i += 1
        if i >= len(s):
            problem("%s: unterminated label value" % where)
            return labels
        if name in labels:
            problem("%s: label %s twice" % (where, name))
        labels[name] = val
        i += 1
        if i < len(s):
            if s[i] != ",":
                problem("%s: expected a comma at %r" % (where, s[i:]))
                return labels
            i += 1
    return labels


def parse_prom(text):
    """{family: {"help", "type", "samples": [(labels, value)]}}, with the
    format's rules checked."""
    families, current, series = {}, None, set()
    if not text.endswith("\n"):
        problem("the file does not end in a newline")
    for n, line in enumerate(text.split("\n")[:-1], start=1):
        where = "line %d" % n
        if line.startswith("# HELP ") or line.startswith("# TYPE "):
            kind, rest = line[2:6], line[7:]
            name, _, arg = rest.partition(" ")
            if not NAME.match(name):
                problem("%s: bad metric name %r" % (where, name))
            fam = families.setdefault(name, {"help": None, "type": None, "samples": []})
            if fam["samples"]:
                problem("%s: %s of %s after its samples" % (where, kind, name))
            key = kind.lower()
            if fam[key] is not None:
                problem("%s: a second %s line for %s" % (where, kind, name))
            fam[key] = arg
            if key == "type" and arg not in ("gauge", "counter", "untyped", "summary", "histogram"):
                problem("%s: bad type %r" % (where, arg))
            current = name
            continue
        if line.startswith("#") or line == "":
            problem("%s: unexpected line %r" % (where, line))
            continue
        m = SAMPLE.match(line)
        if not m:
            problem("%s: not a sample: %r" % (where, line))
            continue
        name, labels, value = m.group(1), parse_labels(m.group(2) or "", where), m.group(3)
        if not NAME.match(name):
            problem("%s: bad metric name %r" % (where, name))
        if name != current:
            problem("%s: sample of %s outside its family's block" % (where, name))
        try:
            val = float(value)
        except ValueError:
            problem("%s: value %r is not a float" % (where, value))
            continue
        key = (name, tuple(sorted(labels.items())))
        if key in series:
            problem("%s: duplicate series %s" % (where, line))
        series.add(key)
        fam = families.setdefault(name, {"help": None, "type": None, "samples": []})
        if fam["type"] is None or fam["help"] is None:
            problem("%s: %s has no HELP or TYPE before its samples" % (where, name))
        fam["samples"].append((labels, val))
    return families, len(series)


def quarter_end(label):
    m = re.match(r"^(\d{4})Q([1-4])$", label)
    if not m:
        return None
    y, q = int(m.group(1)), int(m.group(2))
    return datetime.date(y + (q == 4), 1 if q == 4 else 3 * q + 1, 1) - datetime.timedelta(days=1)


def check_prom(rep, path, nperiods, dims, t0, t1):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    families, nseries = parse_prom(text)
    eng = rep["engagement"]
    as_of = datetime.date.fromisoformat(eng["as_of"])
    labels = [p["label"] for p in rep["periods"]]
    complete = [p for p in labels if p != "overall" and quarter_end(p) and quarter_end(p) <= as_of]
    want_periods = set(complete[-nperiods:] if nperiods else []) | {"overall"}
    cells = {k: v for k, v in metric_cells(rep, dims).items() if k[1] in want_periods}
    by_id = {m["id"]: m for m in rep["metrics"]}
    compared = 0

    def close(a, b):
        return abs(a - b) <= 1e-9 * max(1.0, abs(b))

    def one(name, want_labels=None):
        fam = families.get(name)
        if fam is None:
            problem("no family %s" % name)
            return None
        return fam["samples"][0][1] if fam["samples"] else None

    for fam in families.values():
        for lab, _ in fam["samples"]:
            if lab.get("engagement") != eng["name"]:
                problem("a series without engagement=%r: %r" % (eng["name"], lab))
    if one("rpo_run_status") != 1:
        problem("rpo_run_status is not 1")
    ts = one("rpo_run_timestamp_seconds")
    if ts is None or not t0 <= ts <= t1:
        problem("rpo_run_timestamp_seconds %r not within the run (%d..%d)" % (ts, t0, t1))
    dur = one("rpo_run_duration_seconds")
    if dur is None or not 0 <= dur <= t1 - t0 + 1:
        problem("rpo_run_duration_seconds %r not within 0..%d" % (dur, t1 - t0 + 1))
    epoch = (as_of - datetime.date(1970, 1, 1)).days * 86400
    if one("rpo_report_as_of_timestamp_seconds") != epoch:
        problem("rpo_report_as_of_timestamp_seconds is not %d" % epoch)
    info = families.get("rpo_engagement_info", {"samples": [({}, 0)]})["samples"][0][0]
    for k in ("client", "provider", "currency"):
        if info.get(k) != eng[k]:
            problem("rpo_engagement_info %s=%r, JSON gives %r" % (k, info.get(k), eng[k]))
    want_src = {(s["instance"], o): s[o] for s in rep["data_quality"]["sources"]
                for o in ("read", "accepted", "rejected")}
    got_src = {(l["source"], l["outcome"]): v for l, v in families.get("rpo_source_records", {"samples": []})["samples"]}
    if got_src != want_src:
        problem("rpo_source_records %r, JSON gives %r" % (got_src, want_src))
    compared += len(got_src)

    found = set()
    factor = {"days": 86400.0, "percent": 0.01}
    for name, fam in families.items():
        if name in ("rpo_metric_observations", "rpo_metric_status"):
            for lab, val in fam["samples"]:
                key = (lab["metric"], lab["period"], lab.get("dimension", "all"), lab.get("segment", ""))
                v = cells.get(key)
                if v is None:
                    problem("%s%r: no such exported cell" % (name, key))
                    continue
                want = v["n"] if name == "rpo_metric_observations" else float(v["status"] == lab["status"])
                if name == "rpo_metric_status" and v["status"] == "none":
                    problem("%s%r: status for a cell without a target" % (name, key))
                if not close(val, want):
                    problem("%s%r = %r, JSON gives %r" % (name, key, val, want))
                compared += 1
            continue
        m = re.search(r"\(rpo metric ([^)]+)\)", fam["help"] or "")
        if not m:
            continue
        metric = by_id.get(m.group(1))
        if metric is None:
            problem("%s names metric %s, not in the JSON report" % (name, m.group(1)))
            continue
        field = "target" if " target (" in fam["help"] else "baseline" if " baseline (" in fam["help"] else "value"
        suffix = {"days": "_seconds", "percent": "_ratio"}.get(metric["unit"], "")
        if not name.endswith(suffix):
            problem("%s: a %s metric without the suffix %s" % (name, metric["unit"], suffix))
        for lab, val in fam["samples"]:
            key = (metric["id"], lab["period"], lab.get("dimension", "all"), lab.get("segment", ""))
            v = cells.get(key)
            if v is None:
                problem("%s%r: no such exported cell" % (name, key))
                continue
            f = {"median": "value", "mean": "mean", "p90": "p90"}[lab["statistic"]] if field == "value" and metric["distribution"] else field
            if v[f] is None:
                problem("%s%r: a series for a value the JSON report withholds" % (name, key))
                continue
            if metric["unit"] == "currency" and lab.get("currency") != eng["currency"]:
                problem("%s%r: currency label %r" % (name, key, lab.get("currency")))
            want = v[f] * factor.get(metric["unit"], 1.0)
            if not close(val, want):
                problem("%s%r = %r, JSON gives %r %s" % (name, key, val, v[f], metric["unit"]))
            found.add(key + (f,))
            compared += 1
    # every ok value, target and baseline of an exported cell has its series
    for key, v in cells.items():
        m = by_id[key[0]]
        fields = ["target", "baseline"] + (["value", "mean", "p90"] if m["distribution"] else ["value"])
        for f in fields:
            if v.get(f) is not None and key + (f,) not in found:
                problem("cell %r: %s %r has no series" % (key, f, v[f]))
    finish("prom: %d series in %d families, format checked, %d values equal the JSON report's "
           "(periods %s)" % (nseries, len(families), compared, " ".join(sorted(want_periods))))


def main():
    kind, rep = sys.argv[1], load(sys.argv[2])
    if kind == "markdown":
        check_markdown(rep, sys.argv[3])
    elif kind == "csv":
        check_csv(rep, sys.argv[3], [d.strip() for d in sys.argv[4].split(",") if d.strip()])
    elif kind == "prom":
        check_prom(rep, sys.argv[3], int(sys.argv[4]),
                   [d.strip() for d in sys.argv[5].split(",") if d.strip()],
                   int(sys.argv[6]), int(sys.argv[7]))
    else:
        sys.exit("usage: see the top of the file")


if __name__ == "__main__":
    main()
