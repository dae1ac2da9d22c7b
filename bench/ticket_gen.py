#!/usr/bin/env python3
"""Write N ticket files in the `ops ticket` file format (schema 1) into a
records repository, shaped like a year of a busy service desk: most tickets
closed after a response, a plan, a note or two and sometimes a hold; the last
two weeks' tickets still open.

    python3 bench/ticket_gen.py RECORDS_DIR [N=10000] [END=2026-11-20]

The files are written directly (not through `ops`) so that 10,000 take
seconds; `ops ticket list` reading them without a warning is part of the
benchmark's check.
"""
import datetime as dt
import os
import random
import sys

root = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
end = dt.datetime.fromisoformat((sys.argv[3] if len(sys.argv) > 3 else "2026-11-20") + "T18:00:00+00:00")
rng = random.Random(42)

CUSTOMERS = ["ACME Bank", "Globex", "Initech", "Umbrella Insurance", "Stark Logistics", "Wayne Retail",
             "Hooli Cloud", "Vandelay Import", "Soylent Foods", "Tyrell Energy"]
ENGINEERS = ["Li Na", "Wang Fang", "Zhang Min", "Liu Yang", "Chen Jie", "Zhao Lei"]
CHANNELS = ["hotline", "web", "remote", "on-site", "letter-fax", "return-visit", "software-fix",
            "software-upgrade", "outsourcing", "platform"]
CATEGORIES = ["consultation", "defect-technical", "defect-business", "defect-operation"]
CAUSES = ["hardware", "software", "network", "configuration", "operation", "environment", "external",
          "no-fault", "unknown"]
PROBLEMS = ["core switch reloads every few hours", "database replica lag above 10 minutes",
            "backup job failed twice", "web01 disk almost full", "users cannot log in to the portal",
            "how do we rotate the application logs?", "printer server not reachable",
            "nightly batch took four hours longer than usual"]


def ts(t):
    return t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def event(kind, at, by, **fields):
    out = ["", "[[event]]", f"kind = {q(kind)}", f"at = {ts(at)}", f"by = {q(by)}"]
    for k, v in fields.items():
        out.append(f"{k} = [{', '.join(q(x) for x in v)}]" if isinstance(v, list) else f"{k} = {q(v)}")
    return out


per_day = {}
span = dt.timedelta(days=365)
for i in range(n):
    received = end - span + dt.timedelta(seconds=int(span.total_seconds() * i / n))
    received = received.replace(microsecond=0)
    created = received + dt.timedelta(minutes=rng.randint(1, 20))
    day = created.strftime("%Y%m%d")
    seq = per_day[day] = per_day.get(day, 0) + 1
    tid = f"T-{day}-{seq:04d}"
    sev = rng.choice(["I", "II", "II", "III", "III", "III", "IV", "IV"])
    eng = rng.choice(ENGINEERS)
    by = eng.split()[0].lower()
    lines = [
        "schema = 1",
        f"id = {q(tid)}",
        f"customer = {q(rng.choice(CUSTOMERS))}",
        f"site = {q(rng.choice(['Pudong DC', 'Head office', 'Branch 12', 'DR site']))}",
        f"contact = {q(rng.choice(['Zhang Wei', 'Bob Smith', 'Maria Garcia', 'Sun Li']))}",
        f"phone = {q('+86 21 5555 %04d' % rng.randint(0, 9999))}",
        f"channel = {q(rng.choice(CHANNELS))}",
        f"severity = {q(sev)}",
        f"category = {q(rng.choice(CATEGORIES))}",
        f"problem = {q(rng.choice(PROBLEMS))}",
        f"received = {ts(received)}",
        f"targets = [{q('host%03d' % rng.randint(1, 500))}]",
        f"engineer = {q(eng)}",
    ]
    lines += event("created", created, by)
    t = created + dt.timedelta(minutes=rng.randint(1, 40))
    lines += event("responded", t, by)
    t += dt.timedelta(minutes=rng.randint(10, 150))
    lines += event("planned", t, by)
    t += dt.timedelta(minutes=rng.randint(5, 120))
    lines += event("note", t, by, text="checked the logs with the customer, collecting more data")
    if rng.random() < 0.25:
        t += dt.timedelta(minutes=rng.randint(5, 60))
        lines += event("hold", t, by, reason="waiting for the customer's maintenance window")
        t += dt.timedelta(hours=rng.randint(1, 30))
        lines += event("resume", t, by)
    if end - received > dt.timedelta(days=14) or rng.random() < 0.2:
        t += dt.timedelta(hours=rng.randint(1, 60))
        parts = ["PSU 350W SN %06d" % rng.randint(0, 999999)] if rng.random() < 0.2 else []
        fields = dict(resolution="fixed and verified with the customer", cause=rng.choice(CAUSES))
        if parts:
            fields["parts"] = parts
        fields["confirmed_by"] = "Zhang Wei"
        lines += event("closed", t, by, **fields)
    d = os.path.join(root, "tickets", f"{day[:4]}-{day[4:6]}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, tid + ".toml"), "w") as f:
        f.write("\n".join(lines) + "\n")
print(f"wrote {n} tickets under {root}/tickets")
