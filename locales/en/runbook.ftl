# runbook messages (en). Every id has a translation in the other locale.
# The walk (src/runbook/walk.rs), the terminal prompts (interactive.rs),
# the tree of `ops runbook show` (render.rs), `ops runbook list|check` and
# `ops diagnose`. The runbooks' own texts are in runbooks/*.toml (text_zh…).

## The walk

runbook-not-entered = (not entered)
runbook-vendor-engineer = vendor engineer
runbook-check-by-hand = { $text } (cannot check: { $reason }) Check it yourself: does it hold?
runbook-by-hand-ok = ok: it holds (checked by hand)
runbook-by-hand-fail = fail: it does not hold
runbook-quit-at = quit at step '{ $step }'
runbook-not-run = not run: { $why }
runbook-privileged-not-confirmed = privileged: it runs only when the engineer confirms it on a terminal

runbook-no-bmc = no BMC is linked to { $target } in the inventory ([[bmc]] host = "{ $target }")
runbook-no-ups = no UPS is linked to { $target } in the inventory ([[ups]] hosts = ["{ $target }"])

## Prompts on the terminal

runbook-heading-do = ── { $step } (do this, then report the result)
runbook-heading-by-hand = ── { $step } (check it by hand, then report the result)
runbook-heading = ── { $step }
runbook-back = ← go back one step
runbook-quit = ✗ quit (keep a partial record)
runbook-input-hint-back = (:back to go back, :quit to stop)
runbook-input-hint = (:quit to stop)
runbook-privileged-heading = ── { $step } (privileged: not proved read-only)
runbook-privileged-command = command: { $command }
runbook-privileged-confirm = Run this command on { $target }?
runbook-pick = Which fault?

## ops runbook show

runbook-tree-symptoms = symptoms: { $symptoms }
runbook-tree-symptoms-separator = {"; "}
runbook-tree-source = source: { $file }
runbook-tree-question = {"["}question]
runbook-tree-do = {"["}do]
runbook-tree-check = {"["}check]
runbook-tree-resolved = {"["}resolved]
runbook-tree-escalate = {"["}escalate to { $to }]
runbook-tree-handover = {" "}— hand over: { $items }
runbook-tree-see-above = (see above)
runbook-probe = probe { $name }
runbook-probe-args = probe { $name } { $args }
runbook-probe-device = device probe { $name }
runbook-probe-privileged = privileged command: { $command }
runbook-probe-command = command: { $command }
runbook-mermaid-escalate = escalate

## ops runbook list and check

runbook-list-col-id = ID
runbook-list-col-title = TITLE
runbook-list-col-steps = STEPS
runbook-list-col-outcomes = OUTCOMES
runbook-list-col-source = SOURCE
runbook-builtin = built-in
runbook-overrides = { $path } (overrides built-in)
runbook-not-usable = { $n ->
    [one] { $file } is not usable ({ $n } defect): see `ops runbook check`
   *[other] { $file } is not usable ({ $n } defects): see `ops runbook check`
}
runbook-untranslated = { $file }: { $n ->
    [one] { $n } text has
   *[other] { $n } texts have
} no Chinese translation ({ $first }); walks in zh-CN show it in English

## ops diagnose

runbook-walk-start = { $id }: { $title } (checks run on { $target })
runbook-walk-checking = ── { $step } (check): { $text }
runbook-walk-checked = check { $step }: { $mark }: { $reason }
runbook-mark-ok = ok
runbook-mark-fail = FAIL
runbook-mark-cannot = cannot check
runbook-walk-back = back to { $step }
runbook-summary-resolved = { $id } on { $target }: resolved
runbook-summary-escalate = { $id } on { $target }: escalate to { $to }
runbook-summary-incomplete = { $id } on { $target }: incomplete, stopped at step '{ $step }'
runbook-summary-handover = hand over:
runbook-summary-path = path: { $path }
runbook-summary-ticket = ticket: { $ticket }
runbook-recorded = recorded { $path }{ $commit }
runbook-recorded-commit = {" "}(commit { $commit })
runbook-nothing-recorded = nothing recorded: the walk stopped for a missing answer; run it again with the answer

## What a check found (src/runbook/probe/verdict.rs); what the tools print stays as printed

probe-timed-out = the probe did not finish in time
probe-not-installed = { $program } is not installed
probe-needs-missing = a program it needs is not installed
probe-needs-unusable = a program it needs cannot be executed
probe-up = up
probe-admin-down = administratively down
probe-carrier = has carrier
probe-no-carrier = has no carrier
probe-resolves = { $name } resolves to { $addr }
probe-no-nameserver = no nameserver in /etc/resolv.conf
probe-nameservers = nameserver { $servers }
probe-no-resolve = { $name } does not resolve ({ $via })
probe-answers = { $host } answers ({ $stats })
probe-no-reply = no reply from { $host }
probe-ping-cannot-send = ping cannot send: { $why }
probe-ping-failed = ping failed
probe-cannot-ping = cannot ping { $host }: { $why }
probe-no-gateway = there is no IPv4 default gateway
probe-gateway-answers = gateway { $gw } answers ping
probe-gateway-silent = gateway { $gw } does not answer ping
probe-gateway-cannot-ping = cannot ping gateway { $gw }: { $why }
probe-gateway-neighbour = gateway { $gw } is in the neighbour table ({ $state }); { $why }, so it was not pinged
probe-gateway-no-arp = gateway { $gw } does not answer ARP (neighbour entry { $state }); { $why }
probe-gateway-unknown = gateway { $gw } was not pinged ({ $why }) and the neighbour table has no entry for it
probe-link-unreadable = cannot read the link list: { $why }
probe-no-interface = there is no interface { $name }
probe-link-state = { $name } { $state }
probe-no-nic = there is no network interface besides loopback
probe-every-interface = every interface { $state }: { $names }
probe-some-interfaces = { $state }: { $names }
probe-any-interface = any interface
probe-address = address: { $found }
probe-link-local-only = { $what } has only link-local addresses: { $addrs }
probe-no-address = { $what } has no IP address
probe-route-down = the default route is on a link that is down: { $route }
probe-no-route = there is no default route
probe-unbound = network controller(s) without a driver: { $pci }
probe-unbound-note = ; { $unbound }
probe-no-interface-driver = there is no interface { $name } (a NIC without a driver has none){ $note }
probe-no-driver = { $name } has no driver bound{ $note }
probe-no-driver-list = no driver bound: { $names }{ $note }
probe-no-file-nr = could not read /proc/sys/fs/file-nr
probe-file-handles = file handles { $open } of { $max }
probe-tcp-sockets = , TCP sockets { $inuse } in use + { $tw } time-wait for { $range } local ports
probe-tcp-problem = TCP sockets { $n } of { $range } local ports
probe-exhausted = resources nearly exhausted: { $problems }
probe-listing-failed = listing failed
probe-firewall-unlisted = could not list the firewall rules: { $why }
probe-no-firewall-tool = no firewall tool is installed, so no host firewall is configured
probe-no-blocking = no rule drops or rejects traffic
probe-blocking = { $n } rule(s) drop or reject traffic, e.g. { $rule }

## A check with a command of the runbook's own (src/runbook/walk.rs)

probe-command-timed-out = did not finish within { $secs } s
probe-command-exited = exited with { $code }
probe-command-signal = a signal
probe-command-no-match = output does not match /{ $re }/
probe-command-rejected = output contains '{ $text }'

## What a BMC or UPS said (src/runbook/probe/device.rs); the devices' own words stay

device-ups-silent = the UPS does not answer ({ $why })
device-bmc-silent = the BMC does not answer ({ $why }): no standby power reaches the server, or the BMC's network is down
device-log = log: { $events }
device-ups-voltage = , input { $v } V
device-ups-on-battery = on battery, no mains input (status { $status }{ $input })
device-unknown = unknown
device-bmc-power-ok = { $names } answers: power { $states }, no power-supply fault
device-bmc-events-ok = { $names }: no warning or critical log entry
device-bmc-memory-ok = { $names }: no memory or graphics event
device-ups-ok = { $names }: on mains input
