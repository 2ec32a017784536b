#!/usr/bin/env python3
"""The hiring-manager sample of `rpo sample`, done independently from
requisitions.csv (standard library only).

Usage: sample_check.py REQUISITIONS.csv KEYFILE FIRST LAST AS_OF FRACTION SEED STRATIFY

A manager is active when one of their requisitions opened on or before the
period's last day (capped at the as-of date) and was not filled or closed
(on or before the as-of date) before its first day; their level is that of
their latest such requisition. Pseudonym = the first 16 bytes of
HMAC-SHA256(key, id) in hex. Managers are sorted by pseudonym, shuffled by
Fisher-Yates with splitmix64(seed), the first round(fraction * n) (at
least 1) kept and printed sorted; stratified, per level in byte order.
"""
import csv
import hashlib
import hmac
import sys

M64 = (1 << 64) - 1


def splitmix64(state):
    state[0] = (state[0] + 0x9E3779B97F4A7C15) & M64
    z = state[0]
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def draw(items, k, state):
    items = list(items)
    for i in range(len(items), 1, -1):
        j = splitmix64(state) % i
        items[i - 1], items[j] = items[j], items[i - 1]
    return sorted(items[:k])


def how_many(n, fraction):
    k = int(fraction * n + 0.5)  # llround of a non-negative value
    return 1 if k < 1 and n else min(k, n)


def main(path, keyfile, first, last, as_of, fraction, seed, stratify):
    key = open(keyfile, "rb").read()
    if key.endswith(b"\n"):
        key = key[:-1]
    last = min(last, as_of)
    managers = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            hm = r.get("hiring_manager", "")
            opened = r["opened_at"]
            if not hm or opened > last:
                continue
            end = None
            for fld in ("filled_at", "closed_at"):
                d = r.get(fld, "")
                if d and d <= as_of:
                    end = d
                    break
            if end is not None and end < first:
                continue
            prev = managers.get(hm)
            if prev is None or opened >= prev[0]:
                managers[hm] = (opened, r.get("level", "") or "-")
    pseud = {hm: hmac.new(key, hm.encode(), hashlib.sha256).hexdigest()[:32] for hm in managers}
    state = [int(seed)]
    out = []
    if not int(stratify):
        ps = sorted(pseud.values())
        out = draw(ps, how_many(len(ps), float(fraction)), state)
    else:
        for level in sorted({lv for _, lv in managers.values()}, key=lambda s: s.encode()):
            ps = sorted(pseud[hm] for hm, (_, lv) in managers.items() if lv == level)
            out += [level + "\t" + p for p in draw(ps, how_many(len(ps), float(fraction)), state)]
    print("\n".join(out))


if __name__ == "__main__":
    main(*sys.argv[1:])
