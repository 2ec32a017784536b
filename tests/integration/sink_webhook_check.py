#!/usr/bin/env python3
"""sink_webhook_check.py REPORT.json REQUESTS.jsonl N

Checks request N (1-based) that the webhook sink POSTed against the json
sink's report of the same run, independently of the C code: the body is
{"text", "blocks"} with mrkdwn section blocks, the text is the blocks joined
by blank lines, the title names the engagement and the as-of date, and the
metrics section lists every key metric (at most 5) of the latest period with
the json report's value (2 decimals; percent with %) and status word.
Prints what differs and exits 1, or exits 0.
"""
import json
import sys

SYMBOL = {"met": "\u2714 met", "near": "\u2248 near", "missed": "\u2718 missed"}


def fmt(unit, v):
    if unit == "count":
        return "%d" % round(v)
    return "%.2f%s" % (v, "%" if unit == "percent" else "")


def main():
    report = json.load(open(sys.argv[1], encoding="utf-8"))
    requests = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
    req = requests[int(sys.argv[3]) - 1]
    errors = []
    if req["method"] != "POST" or not req["headers"].get("content-type", "").startswith("application/json"):
        errors.append("not a JSON POST: %s %s" % (req["method"], req["headers"].get("content-type")))
    body = json.loads(req["body"])
    if sorted(body) != ["blocks", "text"]:
        errors.append("keys: %s" % sorted(body))
    texts = []
    for b in body["blocks"]:
        if b.get("type") != "section" or b["text"].get("type") != "mrkdwn":
            errors.append("not a mrkdwn section: %s" % b)
        if len(b["text"]["text"]) > 3000:
            errors.append("a section over 3000 characters")
        texts.append(b["text"]["text"])
    if body["text"] != "\n\n".join(texts):
        errors.append("text is not the blocks joined by blank lines")

    head = report["engagement"] if "engagement" in report else report.get("header", {})
    name = head.get("name") or head.get("engagement")
    as_of = head.get("as_of")
    if not texts[0].startswith("*%s*: scorecard as of %s" % (name, as_of)):
        errors.append("title: %r (want %s, %s)" % (texts[0], name, as_of))

    latest = [p for p in report["periods"] if p["label"] != "overall"][-1]["label"]
    keys = [m for m in report["metrics"] if m.get("key")][:5]
    if not keys:
        errors.append("the example has no key metrics")
    metrics = texts[1]
    if not metrics.startswith("*Key metrics, %s" % latest):
        errors.append("metrics heading: %r (latest period %s)" % (metrics.splitlines()[0], latest))
    lines = metrics.splitlines()[1:]
    if len(lines) != len(keys):
        errors.append("%d metric lines for %d key metrics" % (len(lines), len(keys)))
    for m, line in zip(keys, lines):
        v = m["values"][latest]
        if not line.startswith("\u2022 " + m["name"]):
            errors.append("line %r is not %s" % (line, m["name"]))
        if v["state"] == "ok":
            want = "*%s*" % fmt(m["unit"], v["value"])
            if v.get("status") in SYMBOL:
                want += " \u2014 " + SYMBOL[v["status"]]
        else:
            want = "insufficient data" if v["state"] == "insufficient" else "no data"
        if want not in line:
            errors.append("%s: %r lacks %r" % (m["id"], line, want))
        else:
            print("# %s %s: %s" % (m["id"], latest, want))
    for e in errors:
        print("# " + e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
