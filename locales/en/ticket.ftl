# ticket messages (en). Every id has a translation in the other locale.
# `ops ticket show` and `ops ticket list` (src/ticket/text.rs). The ticket
# words (statuses, severities, channels, clock states…) are in ops.ftl.

ticket-duration-seconds = { $n }s
ticket-none = (none)
ticket-never = never
ticket-never-due = never due
ticket-due-in = due in { $left } ({ $due })
ticket-overdue-by = overdue by { $late } (due { $due })

## A clock's state

ticket-clock-running-due = running, { $due }
ticket-clock-running-never = running, never due
ticket-clock-paused-left = paused, { $left } left
ticket-clock-met-at = met ({ $at })
ticket-clock-breached-by = breached by { $late } ({ $at })

## ops ticket list

ticket-list-col-id = ID
ticket-list-col-severity = SEV
ticket-list-col-status = STATUS
ticket-list-col-customer = CUSTOMER
ticket-list-col-engineer = ENGINEER
ticket-list-col-due = DUE
ticket-list-col-problem = PROBLEM
ticket-list-col-onsite = ON SITE
ticket-list-col-return-visit = RETURN VISIT
ticket-list-severity = { $sev }
ticket-list-all-met = all met
ticket-list-missed = missed { $clocks }
ticket-list-due-since = due since { $late } ({ $due })
ticket-list-visit-done = done ({ $at })
ticket-list-rating = { $customer } { $average }/5 ({ $feedbacks })
ticket-list-satisfaction = satisfaction: { $ratings }
ticket-list-listed = { $n ->
    [one] { $n } ticket listed, { $overdue } overdue
   *[other] { $n } tickets listed, { $overdue } overdue
}
ticket-list-none = no tickets match
ticket-list-damaged = skipped damaged ticket file { $file }

## ops ticket show

ticket-show-severity = severity { $sev }
ticket-show-severity-changed = severity { $sev } (received as { $received })
ticket-show-customer = customer
ticket-show-contact = contact
ticket-show-channel = channel
ticket-show-category = category
ticket-show-targets = targets
ticket-show-engineer = engineer
ticket-show-received = received
ticket-show-expected = expected
ticket-show-problem = problem
ticket-show-on-hold = on hold
ticket-show-closed = closed
ticket-show-closed-by = { $at } by { $by }
ticket-show-resolution = resolution
ticket-show-cause = cause
ticket-show-parts = parts
ticket-show-parts-separator = {"; "}
ticket-show-confirmed-by = confirmed by
ticket-show-linked = linked
ticket-show-sla = SLA ({ $calendar }; on hold { $hold }{ $class })
ticket-show-calendar = calendar { $name }
ticket-show-calendar-24x7 = around the clock
ticket-show-class = ; customer class { $class }
ticket-show-col-clock = CLOCK
ticket-show-col-allowed = ALLOWED
ticket-show-col-due = DUE
ticket-show-col-state = STATE
ticket-show-parts-replaced = PARTS REPLACED
ticket-show-col-at = AT
ticket-show-col-kind = KIND
ticket-show-col-model = MODEL
ticket-show-col-removed = REMOVED SN
ticket-show-col-installed = INSTALLED SN
ticket-show-col-fault = FAULT
ticket-show-col-to-vendor = TO VENDOR
ticket-show-agreed = resolve: agreed { $at } by { $by } (SLA { $sla }; { $judged })
ticket-show-judged-agreed = judged by the agreed time
ticket-show-judged-sla = not later than the SLA's, which stays in force
ticket-show-onsite = on site ({ $allowed }): { $state }{ $at }
ticket-show-onsite-arrived = , arrived { $at }
ticket-show-onsite-due = , due { $at }
ticket-show-return-visit = return visit: { $state } (due { $due }){ $rated }
ticket-show-rated = , { $called } rated { $score }/5
ticket-show-log = LOG
