#!/usr/bin/env python3
"""Write a year of records for the `ops report` benchmark into a records
repository: one host inspection per target per day (schema 1, ~14 findings and
the host metrics with 3 filesystems, as `ops inspect host` writes them), one
backup verification per set per day, and diagnose walks. Tickets come from
bench/ticket_gen.py.

    python3 bench/report_gen.py RECORDS_DIR [TARGETS=500] [END=2026-12-31] [DAYS=365] [SETS=20]

Files are written directly (not through `ops`), so a year takes a minute.
"""
import datetime as dt
import json
import os
import random
import sys

root = sys.argv[1]
targets = int(sys.argv[2]) if len(sys.argv) > 2 else 500
end = dt.date.fromisoformat(sys.argv[3] if len(sys.argv) > 3 else "2026-12-31")
days = int(sys.argv[4]) if len(sys.argv) > 4 else 365
sets = int(sys.argv[5]) if len(sys.argv) > 5 else 20
rng = random.Random(7)

CHECKS = ["os.version", "load.per_core", "memory.available", "swap.usage", "raid.state", "nic.link",
          "route.default", "gateway.reach", "dns.resolve", "log.errors", "mail.root", "services.failed",
          "time.sync", "patches.security"]
MOUNTS = [("/", "ext4", 50 << 30), ("/var", "ext4", 200 << 30), ("/data", "xfs", 2 << 40)]


def write(rel, obj):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")


start = end - dt.timedelta(days=days - 1)
for t in range(targets):
    name = f"host{t:03d}"
    base_used = [rng.uniform(0.2, 0.6) for _ in MOUNTS]
    grow = [rng.uniform(0, 0.002) for _ in MOUNTS]
    for d in range(days):
        day = start + dt.timedelta(days=d)
        at = dt.datetime(day.year, day.month, day.day, 6, 0, rng.randrange(60), tzinfo=dt.timezone.utc)
        run = at.strftime("%Y%m%dT%H%M%S") + f".{rng.randrange(1000):03d}Z-{rng.randrange(65536):04x}"
        findings = []
        worst = "ok"
        for c in CHECKS:
            r = rng.random()
            st = "ok" if r < 0.97 else ("warn" if r < 0.99 else ("crit" if r < 0.997 else "unknown"))
            findings.append({"check": c, "status": st, "value": round(rng.random() * 100, 1),
                             "threshold": "warn 80, crit 90", "message": f"{c} is {st}"})
            if ["ok", "warn", "crit", "unknown"].index(st) > ["ok", "warn", "crit", "unknown"].index(worst):
                worst = st
        fss = []
        for i, (mount, fstype, size) in enumerate(MOUNTS):
            used = int(size * min(0.99, base_used[i] + grow[i] * d))
            fss.append({"mount": mount, "fstype": fstype, "size_bytes": size, "used_bytes": used,
                        "avail_bytes": size - used, "inodes": 6553600, "inodes_used": rng.randrange(10000, 900000)})
            pct = used * 100 / size
            st = "ok" if pct < 80 else ("warn" if pct < 90 else "crit")
            findings.append({"check": "fs.usage", "subject": mount, "status": st, "value": used,
                             "threshold": "warn 80 %, crit 90 %", "message": f"{mount} {pct:.1f} % used"})
        metrics = {"uptime_seconds": 86400 * (d + 1), "cores": 8, "load1": round(rng.random() * 4, 2),
                   "load5": 1.0, "load15": 1.0,
                   "cpu": {"user": 1000 * d, "nice": 0, "system": 300 * d, "idle": 9000 * d, "iowait": 10,
                           "irq": 0, "softirq": 5, "steal": 0},
                   "cpu_busy_pct": round(rng.uniform(2, 95), 2), "cpu_busy_window": "previous",
                   "mem_total_bytes": 64 << 30, "mem_available_bytes": 20 << 30,
                   "mem_used_pct": round(rng.uniform(20, 95), 2), "swap_total_bytes": 8 << 30,
                   "swap_used_bytes": 1 << 20, "filesystems": fss}
        rec = {"schema": 1, "kind": "host", "run": run, "target": name, "address": f"10.0.{t // 250}.{t % 250 + 1}",
               "started": at.strftime("%Y-%m-%dT%H:%M:%S.") + run[16:19] + "Z", "duration_ms": rng.randrange(200, 4000),
               "status": worst, "findings": findings, "metrics": metrics}
        write(f"inspect/host/{name}/{day.year:04d}/{day.month:02d}/{run}.json", rec)

for s in range(sets):
    name = f"set{s:02d}"
    for d in range(days):
        day = start + dt.timedelta(days=d)
        if rng.random() < 0.02:
            continue  # a missing day
        st = "ok" if rng.random() < 0.95 else "crit"
        at = dt.datetime(day.year, day.month, day.day, 2, 0, 0, tzinfo=dt.timezone.utc)
        run = at.strftime("%Y%m%dT%H%M%SZ") + f"-{rng.randrange(65536):04x}"
        write(f"backup/verify/{name}/{day.year}/{run}.json", {
            "schema": 1, "run": run, "set": name, "pattern": f"/backup/{name}/*.tar.zst", "host": "backup01",
            "started": at.strftime("%Y-%m-%dT%H:%M:%SZ"), "finished": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "status": st, "backups": 7, "verified": [], "bytes_read": 123456789,
            "findings": [{"check": "backup.fresh", "status": st, "message": f"newest backup {st}"}]})

for d in range(0, days, 3):
    day = start + dt.timedelta(days=d)
    rb = rng.choice(["no-power", "no-display", "no-network"])
    write(f"diagnose/{day.isoformat()}-{rb}-1.json", {
        "schema": 1, "runbook": rb, "runbook_title": rb, "runbook_file": "builtin", "target": "host001",
        "started": f"{day.isoformat()}T03:00:00Z", "ended": f"{day.isoformat()}T03:10:00Z", "answers": {},
        "steps": [], "outcome": {"status": rng.choice(["resolved", "escalated", "incomplete"])}})
