#!/usr/bin/env python3
"""html_check.py — check the html sink's page against the json sink's report.

Usage: html_check.py PAGE.html REPORT.json

PAGE is the page as written, or as Chromium serialised it after loading
(--dump-dom). Prints TAP lines "ok N - ..." / "not ok N - ..." (numbered from
$TAP_START, default 1) and, last, "# checks: N"; exits 1 when any check
failed. Standard library only (html.parser, json).

What it checks, from the page's structure rather than its bytes:
  - every section of the page is there, in order;
  - every key metric of the JSON report is in the key-metrics table, with the
    JSON value of the latest period and of overall, formatted as the JSON
    schema's unit says (counts whole, percentages with 2 decimals and %,
    everything else with 2 decimals; n<MIN and - for insufficient and empty),
    and the status in words (met, near, missed) where the JSON has a target;
  - a trend chart per JSON metric, in report order;
  - every <svg> is role="img" with aria-labelledby naming a non-empty
    <title> and <desc> inside it;
  - no scripts, nothing loaded from elsewhere.
"""
import json
import os
import sys
from html.parser import HTMLParser

SECTIONS = ["key-metrics", "trends", "funnel", "durations", "costs", "frameworks",
            "incentive", "achievements", "goals", "risks", "quality"]
STATUS_WORDS = {"met": "\u2714 met", "near": "\u2248 near", "missed": "\u2718 missed"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children = []
        self.text = []  # text pieces and child nodes, in order

    def all_text(self):
        out = []
        for piece in self.text:
            out.append(piece.all_text() if isinstance(piece, Node) else piece)
        return "".join(out)

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


class Tree(HTMLParser):
    """A small DOM: enough to find elements by tag and attribute."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", [], None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        self.cur.text.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        self.cur.text.append(node)

    def handle_endtag(self, tag):
        n = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.text.append(data)


def fmt(unit, value, state, min_n):
    """A value as the text sinks print it, from the JSON report."""
    if state == "insufficient":
        return "n<%d" % min_n
    if state != "ok":
        return "-"
    if unit == "count":
        return "%.0f" % value
    if unit == "percent":
        return "%.2f%%" % value
    return "%.2f" % value


class Checks:
    def __init__(self, start):
        self.n, self.failed, self.start = 0, 0, start

    def check(self, cond, what, detail=""):
        self.n += 1
        if cond:
            print("ok %d - %s" % (self.start + self.n - 1, what))
        else:
            self.failed += 1
            print("not ok %d - %s" % (self.start + self.n - 1, what))
            if detail:
                print("# " + detail.replace("\n", "\n# "))


def main():
    page_path, json_path = sys.argv[1], sys.argv[2]
    with open(page_path, encoding="utf-8") as f:
        tree = Tree()
        tree.feed(f.read())
    with open(json_path, encoding="utf-8") as f:
        report = json.load(f)
    t = Checks(int(os.environ.get("TAP_START", "1")))
    nodes = list(tree.root.walk())
    name = os.path.basename(page_path)

    ids = [n.attrs.get("id") for n in nodes if n.tag == "section"]
    t.check(ids == SECTIONS, "%s: every section, in order" % name, "sections: %s" % ids)

    min_n = report["engagement"]["min_n"]
    regular = [p["label"] for p in report["periods"] if p["label"] != "overall"]
    latest = regular[-1]
    key_table = [n for n in nodes if n.tag == "table" and n.attrs.get("class") == "key"]
    rows = {}
    if key_table:
        for n in key_table[0].walk():
            if n.tag == "tr" and "data-metric" in n.attrs:
                rows[n.attrs["data-metric"]] = n
    keys = [m for m in report["metrics"] if m.get("key")]
    t.check(len(keys) > 0 and sorted(rows) == sorted(m["id"] for m in keys),
            "%s: the key-metrics table has exactly the key metrics (%d)" % (name, len(keys)),
            "page: %s" % sorted(rows))
    for m in keys:
        row = rows.get(m["id"])
        for period in (latest, "overall"):
            v = m["values"][period]
            want = fmt(m["unit"], v["value"], v["state"], min_n)
            cells = [c for c in row.walk() if c.tag == "td" and
                     c.attrs.get("data-period") == period] if row else []
            got = cells[0].all_text().strip() if cells else None
            ok = got is not None and (got == want or got.startswith(want + " "))
            if ok and v.get("status") in STATUS_WORDS:
                ok = got.endswith(STATUS_WORDS[v["status"]])
            t.check(ok, "%s: key metric %s, %s: %s%s" % (
                name, m["id"], period, want,
                " " + STATUS_WORDS[v["status"]] if v.get("status") in STATUS_WORDS else ""),
                "page shows: %r" % got)

    trends = [n.attrs.get("data-metric") for n in nodes
              if n.tag == "figure" and n.attrs.get("class") == "trend"]
    t.check(trends == [m["id"] for m in report["metrics"]],
            "%s: a trend chart per metric, in report order (%d)" % (name, len(report["metrics"])),
            "charts: %s" % trends)

    svgs = [n for n in nodes if n.tag == "svg"]
    bad = []
    for s in svgs:
        inner = {n.attrs.get("id"): n for n in s.walk() if n.tag in ("title", "desc")}
        refs = s.attrs.get("aria-labelledby", "").split()
        if s.attrs.get("role") != "img" or len(refs) != 2 or \
                any(r not in inner or len(inner[r].all_text().strip()) < 3 for r in refs):
            bad.append(s.attrs.get("aria-labelledby"))
    t.check(len(svgs) >= len(report["metrics"]) and not bad,
            "%s: all %d charts are images with a title and a description" % (name, len(svgs)),
            "charts without their text: %s" % bad)
    trend_tables = [n for n in nodes if n.tag == "figure" and n.attrs.get("class") == "trend"
                    and any(c.tag == "table" for c in n.walk())]
    t.check(len(trend_tables) == len(trends),
            "%s: every trend chart has its numbers as a table" % name)

    loads = [n.tag for n in nodes if n.tag in ("script", "link", "iframe", "img", "object")
             or any(a in n.attrs for a in ("src", "srcset"))]
    t.check(not loads, "%s: no scripts, nothing loaded from elsewhere" % name,
            "found: %s" % loads)
    print("# checks: %d" % t.n)
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main())
