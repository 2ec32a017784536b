#!/usr/bin/env python3
"""make_fixtures.py OUTDIR [--extra] — one small engagement, written three ways.

The source of truth is the list of requisitions and applications built by
truth() below (seeded, so every run writes the same bytes): ~12 jobs with 14
openings, ~40 applications over three quarters of 2024, interviews, offers
(some with a deprecated earlier version) and hires. From it this script
writes:

  OUTDIR/greenhouse/{jobs,applications,offers,scheduled_interviews}.json
      the Greenhouse Harvest v1 shapes (what tests/rest/fake_ats.py serves);
  OUTDIR/lever/{postings,opportunities,archive_reasons,stages}.json
      the Lever v1 shapes of the same hiring;
  OUTDIR/csv/{requisitions,applications,hires}.csv
      the same facts as plain CSV for the csv source, written straight from
      the truth (no Greenhouse logic involved), so that a run over the CSV
      and a run over the fake Greenhouse must give identical metrics;
  OUTDIR/generic/requisitions.json
      the requisitions in a made-up shape for the generic preset;
  OUTDIR/truth.json
      the truth itself, for tests that compute expected numbers.

With --extra the truth grows by three applications (and their interviews and
offers) changed after everything else: what an incremental run must fetch.
"""
import csv
import datetime as dt
import json
import os
import random
import sys

DEPARTMENTS = ["Engineering", "Sales", "Finance", "Operations"]
OFFICES = ["Berlin", "Lisbon", "Remote"]
SOURCES = ["Referral", "LinkedIn", "Careers page", "Agency"]
BASE = dt.datetime(2024, 1, 2, 9, 0, 0)
UPDATED = dt.datetime(2024, 10, 1, 8, 0, 0)      # when the data was last touched
EXTRA_UPDATED = dt.datetime(2024, 11, 5, 10, 0, 0)  # --extra: later changes


def iso(t):
    """Greenhouse's timestamps: ISO-8601 with milliseconds and Z."""
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)


def ms(t):
    """Lever's timestamps: epoch milliseconds (UTC)."""
    return int((t - dt.datetime(1970, 1, 1)).total_seconds() * 1000)


def day(t):
    return t.strftime("%Y-%m-%d")


def truth(extra):
    rnd = random.Random(20241)
    jobs = []
    opening_id = 9000
    for j in range(12):
        opened = BASE + dt.timedelta(days=rnd.randrange(0, 150), hours=rnd.randrange(0, 8))
        nopen = 2 if j in (3, 7) else 1
        openings = []
        for k in range(nopen):
            opening_id += 1
            openings.append({"id": opening_id, "opening_id": "REQ-%d-%d" % (j + 1, k + 1),
                             "opened_at": opened + dt.timedelta(days=3 * k),
                             "closed_at": None, "application_id": None, "close_reason": None})
        jobs.append({"id": 4000 + j, "name": "Role %d" % (j + 1),
                     "department": DEPARTMENTS[j % len(DEPARTMENTS)],
                     "office": OFFICES[j % len(OFFICES)],
                     "hiring_manager": 700 + j % 5, "recruiter": 800 + j % 3,
                     "openings": openings, "updated_at": UPDATED - dt.timedelta(days=j)})
    # Job 11's only opening closed without a hire (budget cut).
    jobs[11]["openings"][0]["closed_at"] = jobs[11]["openings"][0]["opened_at"] + dt.timedelta(days=40)
    jobs[11]["openings"][0]["close_reason"] = "Budget cut"

    apps = []
    for a in range(40):
        job = jobs[a % 12]
        applied = job["openings"][0]["opened_at"] + dt.timedelta(days=rnd.randrange(2, 40),
                                                                 hours=rnd.randrange(0, 9))
        app = {"id": 60000 + a, "candidate_id": 50000 + a, "job": job["id"],
               "applied_at": applied, "source": SOURCES[rnd.randrange(len(SOURCES))],
               "recruiter": job["recruiter"], "interviews": [], "offer": None,
               "rejected_at": None, "last_activity_at": UPDATED - dt.timedelta(hours=a)}
        fate = rnd.random()
        if fate < 0.25:
            app["rejected_at"] = applied + dt.timedelta(days=rnd.randrange(3, 15))
        else:
            first = applied + dt.timedelta(days=rnd.randrange(5, 20), hours=rnd.randrange(1, 6))
            app["interviews"].append({"start": first, "status": "complete"})
            if rnd.random() < 0.5:
                app["interviews"].append({"start": first + dt.timedelta(days=4),
                                          "status": "awaiting_feedback"})
            if fate < 0.5:
                app["rejected_at"] = first + dt.timedelta(days=rnd.randrange(2, 9))
            else:
                sent = first + dt.timedelta(days=rnd.randrange(3, 12))
                r = rnd.random()
                status = "accepted" if r < 0.7 else "rejected" if r < 0.85 else "unresolved"
                resolved = (dt.datetime.combine(sent.date(), dt.time(16, 30))
                            + dt.timedelta(days=rnd.randrange(1, 8))) if status != "unresolved" else None
                app["offer"] = {"sent": sent.date(), "status": status, "resolved": resolved,
                                "starts": (resolved + dt.timedelta(days=30)).date() if status == "accepted" else None,
                                "deprecated_first": rnd.random() < 0.3}
        apps.append(app)
    if extra:
        for a in range(40, 43):
            job = jobs[a % 12]
            applied = dt.datetime(2024, 10, 1, 10, 0) + dt.timedelta(days=a - 40)
            first = applied + dt.timedelta(days=7)
            apps.append({"id": 60000 + a, "candidate_id": 50000 + a, "job": job["id"],
                         "applied_at": applied, "source": "Referral", "recruiter": job["recruiter"],
                         "interviews": [{"start": first, "status": "complete"}],
                         "offer": {"sent": (first + dt.timedelta(days=5)).date(), "status": "accepted",
                                   "resolved": first + dt.timedelta(days=8), "deprecated_first": False,
                                   "starts": (first + dt.timedelta(days=40)).date()},
                         "rejected_at": None, "last_activity_at": EXTRA_UPDATED + dt.timedelta(hours=a - 40)})
    # Fill openings with accepted offers, in order of acceptance.
    for job in jobs:
        hires = sorted((a for a in apps if a["job"] == job["id"] and a["offer"]
                        and a["offer"]["status"] == "accepted"), key=lambda a: a["offer"]["resolved"])
        free = [o for o in job["openings"] if o["closed_at"] is None]
        for o, a in zip(free, hires):
            o["closed_at"] = a["offer"]["resolved"]
            o["application_id"] = a["id"]
            o["close_reason"] = "Hire"
            if a["id"] >= 60040:
                job["updated_at"] = EXTRA_UPDATED
    return jobs, apps


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, indent=1, sort_keys=True, default=str)


def greenhouse(out, jobs, apps):
    gjobs = []
    for j in jobs:
        gjobs.append({
            "id": j["id"], "name": j["name"], "requisition_id": "R%d" % j["id"], "confidential": False,
            "status": "open" if any(o["closed_at"] is None for o in j["openings"]) else "closed",
            "created_at": iso(j["openings"][0]["opened_at"]), "opened_at": iso(j["openings"][0]["opened_at"]),
            "closed_at": None, "updated_at": iso(j["updated_at"]), "is_template": False,
            "departments": [{"id": 10 + DEPARTMENTS.index(j["department"]), "name": j["department"],
                             "parent_id": None, "child_ids": [], "external_id": None}],
            "offices": [{"id": 20 + OFFICES.index(j["office"]), "name": j["office"],
                         "location": {"name": j["office"]}, "parent_id": None, "child_ids": []}],
            "hiring_team": {"hiring_managers": [{"id": j["hiring_manager"], "first_name": "Hm",
                                                 "last_name": "Person", "name": "Hm Person",
                                                 "employee_id": None, "responsible": True}],
                            "recruiters": [{"id": j["recruiter"], "first_name": "Rec",
                                            "last_name": "Person", "name": "Rec Person",
                                            "employee_id": None, "responsible": True}],
                            "coordinators": [], "sourcers": []},
            "openings": [{"id": o["id"], "opening_id": o["opening_id"],
                          "status": "open" if o["closed_at"] is None else "closed",
                          "opened_at": iso(o["opened_at"]),
                          "closed_at": iso(o["closed_at"]) if o["closed_at"] else None,
                          "application_id": o["application_id"],
                          "close_reason": {"id": 1 if o["close_reason"] == "Hire" else 2,
                                           "name": o["close_reason"]} if o["close_reason"] else None}
                         for o in j["openings"]],
            "custom_fields": {"employment_type": "Full-time"}, "keyed_custom_fields": {}})
    gapps, offers, interviews = [], [], []
    offer_id, iv_id = 300000, 500000
    for a in apps:
        status = "hired" if a["offer"] and a["offer"]["status"] == "accepted" else \
                 "rejected" if a["rejected_at"] else "active"
        gapps.append({
            "id": a["id"], "candidate_id": a["candidate_id"], "prospect": False,
            "applied_at": iso(a["applied_at"]),
            "rejected_at": iso(a["rejected_at"]) if a["rejected_at"] else None,
            "last_activity_at": iso(a["last_activity_at"]), "location": None,
            "source": {"id": 90 + SOURCES.index(a["source"]), "public_name": a["source"]},
            "credited_to": {"id": a["recruiter"], "first_name": "Rec", "last_name": "Person",
                            "name": "Rec Person", "employee_id": None},
            "rejection_reason": {"id": 5, "name": "Not a fit", "type": {"id": 1, "name": "We rejected them"}}
            if a["rejected_at"] else None,
            "rejection_details": None, "jobs": [{"id": a["job"], "name": "Role"}], "job_post_id": None,
            "status": status, "current_stage": {"id": 1, "name": "Application Review"},
            "answers": [], "prospective_office": None, "prospective_department": None,
            "prospect_detail": {"prospect_pool": None, "prospect_stage": None, "prospect_owner": None},
            "custom_fields": {}, "keyed_custom_fields": {}, "attachments": []})
        for iv in a["interviews"]:
            iv_id += 1
            interviews.append({
                "id": iv_id, "application_id": a["id"], "external_event_id": "evt-%d" % iv_id,
                "start": {"date_time": iso(iv["start"])},
                "end": {"date_time": iso(iv["start"] + dt.timedelta(hours=1))},
                "location": "Video", "video_conferencing_url": None, "status": iv["status"],
                "created_at": iso(a["applied_at"]), "updated_at": iso(a["last_activity_at"]),
                "interview": {"id": 77, "name": "Panel"},
                "organizer": {"id": a["recruiter"], "first_name": "Rec", "last_name": "Person",
                              "name": "Rec Person", "employee_id": None},
                "interviewers": []})
        o = a["offer"]
        if o:
            version = 1
            if o["deprecated_first"]:
                offer_id += 1
                offers.append({
                    "id": offer_id, "version": 1, "application_id": a["id"], "job_id": a["job"],
                    "candidate_id": a["candidate_id"], "opening": None,
                    "created_at": iso(dt.datetime.combine(o["sent"], dt.time(8)) - dt.timedelta(days=3)),
                    "updated_at": iso(a["last_activity_at"]),
                    "sent_at": day(dt.datetime.combine(o["sent"], dt.time()) - dt.timedelta(days=3)),
                    "resolved_at": None, "starts_at": day(dt.datetime.combine(o["sent"], dt.time()) + dt.timedelta(days=20)),
                    "status": "deprecated", "custom_fields": {}, "keyed_custom_fields": {}})
                version = 2
            offer_id += 1
            offers.append({
                "id": offer_id, "version": version, "application_id": a["id"], "job_id": a["job"],
                "candidate_id": a["candidate_id"], "opening": None,
                "created_at": iso(dt.datetime.combine(o["sent"], dt.time(8))),
                "updated_at": iso(a["last_activity_at"]),
                "sent_at": day(dt.datetime.combine(o["sent"], dt.time())),
                "resolved_at": iso(o["resolved"]) if o["resolved"] else None,
                "starts_at": day(dt.datetime.combine(o["starts"], dt.time())) if o["starts"] else None,
                "status": o["status"], "custom_fields": {}, "keyed_custom_fields": {}})
    # Two prospects: no job, left out by the preset (and absent from the CSV).
    for p in range(2):
        gapps.append({"id": 69000 + p, "candidate_id": 59000 + p, "prospect": True,
                      "applied_at": iso(BASE + dt.timedelta(days=30 + p)), "rejected_at": None,
                      "last_activity_at": iso(UPDATED - dt.timedelta(days=60)), "location": None,
                      "source": None, "credited_to": None, "rejection_reason": None, "jobs": [],
                      "job_post_id": None, "status": "active", "current_stage": None, "answers": [],
                      "prospect_detail": {"prospect_pool": {"id": 1, "name": "Pool"}}})
    # A scheduled interview still to come: not an interview yet.
    interviews.append({"id": 599999, "application_id": apps[0]["id"], "external_event_id": "evt-x",
                       "start": {"date_time": "2025-03-01T10:00:00.000Z"},
                       "end": {"date_time": "2025-03-01T11:00:00.000Z"}, "location": None,
                       "video_conferencing_url": None, "status": "scheduled",
                       "created_at": iso(UPDATED), "updated_at": iso(UPDATED),
                       "interview": {"id": 77, "name": "Panel"}, "organizer": None, "interviewers": []})
    d = os.path.join(out, "greenhouse")
    write_json(os.path.join(d, "jobs.json"), gjobs)
    write_json(os.path.join(d, "applications.json"), gapps)
    write_json(os.path.join(d, "offers.json"), offers)
    write_json(os.path.join(d, "scheduled_interviews.json"), interviews)


def lever(out, jobs, apps):
    stages = [{"id": "a1b2c3d4-0000-4000-8000-%012d" % i, "text": t} for i, t in
              enumerate(["New applicant", "Phone screen", "On-site interview", "Offer", "Reached out"])]
    sid = {s["text"]: s["id"] for s in stages}
    reasons = [{"id": "r-hired-1", "text": "Hired", "status": "active", "type": "hired"},
               {"id": "r-nonhired-1", "text": "Underqualified", "status": "active", "type": "non-hired"},
               {"id": "r-nonhired-2", "text": "Offer declined", "status": "active", "type": "non-hired"}]
    postings = []
    for j in jobs:
        postings.append({"id": "p-%d" % j["id"], "text": j["name"], "state": "published",
                         "createdAt": ms(j["openings"][0]["opened_at"]), "updatedAt": ms(j["updated_at"]),
                         "categories": {"team": "Team", "department": j["department"],
                                        "location": j["office"], "commitment": "Full-time"},
                         "hiringManager": "u-%d" % j["hiring_manager"], "owner": "u-%d" % j["recruiter"],
                         "confidentiality": "non-confidential", "tags": []})
    opps = []
    for a in apps:
        changes = [{"toStageId": sid["New applicant"], "toStageIndex": 0, "updatedAt": ms(a["applied_at"]),
                    "userId": None}]
        if a["interviews"]:
            first = a["interviews"][0]["start"]
            changes.append({"toStageId": sid["Phone screen"], "toStageIndex": 1,
                            "updatedAt": ms(first - dt.timedelta(days=2)), "userId": "u-1"})
            changes.append({"toStageId": sid["On-site interview"], "toStageIndex": 2,
                            "updatedAt": ms(first), "userId": "u-1"})
        o = a["offer"]
        if o:
            changes.append({"toStageId": sid["Offer"], "toStageIndex": 3,
                            "updatedAt": ms(dt.datetime.combine(o["sent"], dt.time(9))), "userId": "u-1"})
        archived = None
        if o and o["status"] == "accepted":
            archived = {"archivedAt": ms(o["resolved"]), "reason": "r-hired-1"}
        elif o and o["status"] == "rejected":
            archived = {"archivedAt": ms(o["resolved"]), "reason": "r-nonhired-2"}
        elif a["rejected_at"]:
            archived = {"archivedAt": ms(a["rejected_at"]), "reason": "r-nonhired-1"}
        opps.append({"id": "o-%d" % a["id"], "name": "Candidate %d" % a["id"], "contact": "c-%d" % a["candidate_id"],
                     "headline": "", "stage": changes[-1]["toStageId"], "confidentiality": "non-confidential",
                     "location": "", "phones": [], "emails": ["candidate%d@example.invalid" % a["id"]],
                     "links": [], "archived": archived, "tags": [], "sources": [a["source"]],
                     "stageChanges": changes, "origin": "applied", "sourcedBy": None, "owner": "u-%d" % a["recruiter"],
                     "followers": [], "applications": [{"id": "ap-%d" % a["id"], "opportunityId": "o-%d" % a["id"],
                                                        "candidateId": "c-%d" % a["candidate_id"],
                                                        "createdAt": ms(a["applied_at"]), "type": "posting",
                                                        "posting": "p-%d" % a["job"], "user": None}],
                     "createdAt": ms(a["applied_at"]), "updatedAt": ms(a["last_activity_at"]),
                     "lastInteractionAt": ms(a["last_activity_at"]), "lastAdvancedAt": changes[-1]["updatedAt"],
                     "snoozedUntil": None, "urls": {"list": "", "show": ""}, "isAnonymized": False,
                     "dataProtection": None})
    d = os.path.join(out, "lever")
    write_json(os.path.join(d, "postings.json"), postings)
    write_json(os.path.join(d, "opportunities.json"), opps)
    write_json(os.path.join(d, "archive_reasons.json"), reasons)
    write_json(os.path.join(d, "stages.json"), stages)


def req_id(job, k, opening):
    return str(job["id"]) if k == 0 else "%d-%d" % (job["id"], opening["id"])


def csv_files(out, jobs, apps):
    d = os.path.join(out, "csv")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "requisitions.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "opened_at", "filled_at", "closed_at", "close_reason", "department",
                    "location", "hiring_manager", "recruiter"])
        for j in jobs:
            for k, o in enumerate(j["openings"]):
                filled = o["closed_at"] and o["application_id"]
                w.writerow([req_id(j, k, o), day(o["opened_at"]),
                            day(o["closed_at"]) if filled else "",
                            day(o["closed_at"]) if o["closed_at"] and not filled else "",
                            o["close_reason"] if o["closed_at"] and not filled else "",
                            j["department"], j["office"], j["hiring_manager"], j["recruiter"]])
    with open(os.path.join(d, "applications.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "requisition_id", "candidate_id", "applied_at", "source", "recruiter",
                    "interviewed_at", "offered_at", "offer_accepted_at", "offer_declined_at", "rejected_at"])
        for a in apps:
            o = a["offer"] or {}
            ivs = [iv["start"] for iv in a["interviews"]]
            w.writerow([a["id"], a["job"], a["candidate_id"], day(a["applied_at"]), a["source"],
                        a["recruiter"], day(min(ivs)) if ivs else "",
                        o["sent"].isoformat() if o else "",
                        day(o["resolved"]) if o and o["status"] == "accepted" else "",
                        day(o["resolved"]) if o and o["status"] == "rejected" else "",
                        day(a["rejected_at"]) if a["rejected_at"] else ""])
    with open(os.path.join(d, "hires.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["application_id", "start_date"])
        for a in apps:
            if a["offer"] and a["offer"]["status"] == "accepted":
                w.writerow([a["id"], a["offer"]["starts"].isoformat()])


def generic(out, jobs):
    items = []
    for j in jobs:
        for k, o in enumerate(j["openings"]):
            filled = o["closed_at"] and o["application_id"]
            items.append({"reqId": req_id(j, k, o), "dates": {"opened": iso(o["opened_at"]),
                          "filled": iso(o["closed_at"]) if filled else None,
                          "closed": iso(o["closed_at"]) if o["closed_at"] and not filled else None},
                          "closeReason": o["close_reason"] if o["closed_at"] and not filled else None,
                          "org": {"dept": j["department"][:3].upper()}, "office": j["office"],
                          "modified": iso(j["updated_at"])})
    write_json(os.path.join(out, "generic", "requisitions.json"), items)


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: make_fixtures.py OUTDIR [--extra]")
    out, extra = sys.argv[1], "--extra" in sys.argv[2:]
    jobs, apps = truth(extra)
    greenhouse(out, jobs, apps)
    lever(out, jobs, apps)
    csv_files(out, jobs, apps)
    generic(out, jobs)
    write_json(os.path.join(out, "truth.json"), {"jobs": jobs, "applications": apps})


if __name__ == "__main__":
    main()
