#!/usr/bin/env python3
"""expected_lever.py TRUTH.json — the numbers a run over the fake Lever must
report, computed from the fixture's truth (tests/rest/make_fixtures.py)
without any of the plugin's logic: one line "METRIC PERIOD VALUE" each.

  applications         applications by application date
  hires                accepted offers by acceptance date (Lever: archived
                       with a hired reason at that time)
  reached_interview    applications of the quarter's cohort with an interview
  reached_offer        applications of the quarter's cohort with an offer
  requisitions_opened  jobs (postings) by opening date
"""
import collections
import json
import sys


def quarter(text):
    """'2024-05-07 10:00:00' -> '2024Q2' (the truth's times are UTC)."""
    return "%sQ%d" % (text[:4], (int(text[5:7]) - 1) // 3 + 1)


def main():
    truth = json.load(open(sys.argv[1]))
    counts = collections.defaultdict(collections.Counter)
    for a in truth["applications"]:
        q = quarter(a["applied_at"])
        counts["applications"][q] += 1
        if a["interviews"]:
            counts["reached_interview"][q] += 1
        if a["offer"]:
            counts["reached_offer"][q] += 1
            if a["offer"]["status"] == "accepted":
                counts["hires"][quarter(a["offer"]["resolved"])] += 1
    for j in truth["jobs"]:
        counts["requisitions_opened"][quarter(j["openings"][0]["opened_at"])] += 1
    for metric in sorted(counts):
        for q in sorted(counts[metric]):
            print(metric, q, counts[metric][q])
        print(metric, "overall", sum(counts[metric].values()))


if __name__ == "__main__":
    main()
