#!/usr/bin/env python3
"""Write a runbook of N steps for `bench/runbook.sh`: a chain of questions,
each with a way on, a "try again" loop back to the step before it, and a way
out to one of a few outcomes, with a command check every tenth step. Every
step is reachable and every loop has a way out, so the runbook is sound and
`ops runbook check` must walk all of it."""
import sys

n = int(sys.argv[2])
out = open(sys.argv[1], "w")
w = out.write
w('id = "bench"\ntitle = "Generated runbook"\nfirst = "s0"\n')
outcomes = 4
for i in range(n):
    nxt = f"s{i + 1}" if i + 1 < n else "out0"
    back = f"s{i - 1}" if i > 0 else "out1"
    done = f"out{i % outcomes}"
    if i % 10 == 5:
        w(f'\n[[step]]\nid = "s{i}"\nkind = "check"\ntext = "Check {i}"\n'
          f'command = "cat /proc/loadavg"\nexpect = \'^[0-9]\'\nok = "{nxt}"\nfail = "{done}"\n')
    else:
        w(f'\n[[step]]\nid = "s{i}"\nkind = "question"\ntext = "Question {i}?"\n'
          f'choices = [\n    {{ id = "on", next = "{nxt}" }},\n'
          f'    {{ id = "again", next = "{back}" }},\n    {{ id = "done", next = "{done}" }},\n]\n')
for k in range(outcomes):
    w(f'\n[[step]]\nid = "out{k}"\nkind = "outcome"\ntext = "Outcome {k}"\nresult = "resolved"\n')
