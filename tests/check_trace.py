#!/usr/bin/env python3
"""Check a Chrome Trace Event JSON file (hetsim run --trace-out) against the
rules trace viewers (Perfetto, chrome://tracing) rely on:
  - the document is {"traceEvents": [...]} (or a bare list); every event is
    an object with a string "ph", integer "pid" and (but for process
    metadata) "tid", a finite numeric "ts" (not for "M"), a string "name";
  - "X" complete slices have a finite "dur" >= 0, and the slices of one
    thread (pid, tid) nest: two either do not overlap or one contains the
    other (viewers stack a thread's slices; a partial overlap is drawn wrong);
  - "B"/"E" pair up per thread, last opened first closed, E not before B;
  - async "b"/"e" pair up by (cat, id), e not before b, none left open;
  - flow "s"/"t"/"f" by (cat, id): one "s" first, one "f" last, times in
    order; an "s", "t" or an "f" with "bp": "e" lies inside (bounds
    included) a slice of its thread, an "f" without it before one;
  - every thread with events is named ("M" thread_name with args.name).
Usage: check_trace.py FILE...   exit 0 when every file passes, 1 otherwise
(each problem printed as FILE: message)."""
import json
import math
import sys


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def ns(us):
    return int(round(float(us) * 1000))


def check(path):
    errs = []

    def bad(msg):
        if len(errs) < 20:
            errs.append(msg)

    try:
        with open(path) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        return ["not readable JSON: %s" % e]
    events = doc.get("traceEvents") if isinstance(doc, dict) else doc
    if not isinstance(events, list):
        return ["no traceEvents list"]
    slices = {}    # (pid, tid) -> [(ts, end, name)]
    stacks = {}    # (pid, tid) -> [B events]
    asyncs = {}    # (cat, id) -> open b ts
    flows = {}     # (cat, id) -> [(ph, ts, pid, tid, bp)]
    named = set()
    used = set()
    for i, e in enumerate(events):
        where = "event %d" % i
        if not isinstance(e, dict):
            bad("%s: not an object" % where)
            continue
        ph = e.get("ph")
        if not isinstance(ph, str) or len(ph) != 1:
            bad("%s: no phase \"ph\"" % where)
            continue
        if not isinstance(e.get("pid"), int):
            bad("%s (%s): pid missing or not an integer" % (where, ph))
        if "name" in e and not isinstance(e["name"], str):
            bad("%s (%s): name is not a string" % (where, ph))
        if ph == "M":
            if e.get("name") == "thread_name":
                if not isinstance(e.get("tid"), int):
                    bad("%s: thread_name without an integer tid" % where)
                elif not isinstance(e.get("args", {}).get("name"), str):
                    bad("%s: thread_name without args.name" % where)
                else:
                    named.add((e["pid"], e["tid"]))
            continue
        if not isinstance(e.get("tid"), int):
            bad("%s (%s): tid missing or not an integer" % (where, ph))
            continue
        if not is_num(e.get("ts")):
            bad("%s (%s): ts missing or not a finite number" % (where, ph))
            continue
        # times in integer nanoseconds, as Perfetto imports them
        key, ts = (e["pid"], e["tid"]), ns(e["ts"])
        if ph in "XBE":
            used.add(key)
        if ph == "X":
            if not is_num(e.get("dur")) or e["dur"] < 0:
                bad("%s: X slice without a finite dur >= 0" % where)
                continue
            if not isinstance(e.get("name"), str):
                bad("%s: X slice without a name" % where)
            slices.setdefault(key, []).append((ts, ts + ns(e["dur"]), e.get("name")))
        elif ph == "B":
            stacks.setdefault(key, []).append(e)
        elif ph == "E":
            st = stacks.get(key)
            if not st:
                bad("%s: E without a B on pid %d tid %d" % (where, key[0], key[1]))
                continue
            b = st.pop()
            if ts < ns(b["ts"]):
                bad("%s: E before its B" % where)
            if "name" in e and e["name"] != b.get("name"):
                bad("%s: E named %r closes B %r" % (where, e["name"], b.get("name")))
            slices.setdefault(key, []).append((ns(b["ts"]), ts, b.get("name")))
        elif ph in "be":
            if "id" not in e:
                bad("%s: async %s without an id" % (where, ph))
                continue
            aid = (e.get("cat"), str(e["id"]), e.get("name"))
            if ph == "b":
                if aid in asyncs:
                    bad("%s: async id %s begun twice" % (where, e["id"]))
                asyncs[aid] = ts
            else:
                if aid not in asyncs:
                    bad("%s: async e without a b (id %s)" % (where, e["id"]))
                elif ts < asyncs[aid]:
                    bad("%s: async e before its b" % where)
                asyncs.pop(aid, None)
        elif ph in "stf":
            if "id" not in e:
                bad("%s: flow %s without an id" % (where, ph))
                continue
            flows.setdefault((e.get("cat"), str(e["id"])), []).append(
                (ph, ts, key, e.get("bp")))
        elif ph in "inCPOND":
            pass
        else:
            bad("%s: unknown phase %r" % (where, ph))
    for key, st in stacks.items():
        if st:
            bad("pid %d tid %d: %d B without E" % (key[0], key[1], len(st)))
    for aid in asyncs:
        bad("async id %s never ends" % aid[1])
    for key in sorted(used - named):
        bad("pid %d tid %d has slices but no thread_name" % key)
    # slices of a thread nest
    for key, sl in slices.items():
        sl.sort(key=lambda s: (s[0], -s[1]))
        stack = []
        for s in sl:
            while stack and stack[-1][1] <= s[0]:
                stack.pop()
            if stack and s[1] > stack[-1][1]:
                bad("pid %d tid %d: %r [%d, %d] ns overlaps %r [%d, %d] without nesting"
                    % (key[0], key[1], s[2], s[0], s[1], stack[-1][2], stack[-1][0],
                       stack[-1][1]))
            stack.append(s)

    def inside(key, ts):
        return any(a <= ts <= b for a, b, _ in slices.get(key, ()))

    def before(key, ts):
        return any(a >= ts for a, _, _ in slices.get(key, ()))

    for fid, evs in flows.items():
        phs = "".join(p for p, _, _, _ in evs)
        if phs.count("s") != 1 or phs.count("f") != 1 or phs[0] != "s" or phs[-1] != "f":
            bad("flow id %s: events %r, want one s first and one f last" % (fid[1], phs))
            continue
        times = [t for _, t, _, _ in evs]
        if times != sorted(times):
            bad("flow id %s: times out of order %r" % (fid[1], times))
        for ph, ts, key, bp in evs:
            if ph == "f" and bp != "e":
                if not before(key, ts):
                    bad("flow id %s: f at %d ns binds to no later slice on tid %d"
                        % (fid[1], ts, key[1]))
            elif not inside(key, ts):
                bad("flow id %s: %s at %d ns lies in no slice of tid %d" % (fid[1], ph, ts, key[1]))
    return errs


def main(paths):
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    rc = 0
    for p in paths:
        for m in check(p):
            print("%s: %s" % (p, m))
            rc = 1
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
