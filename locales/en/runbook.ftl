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
