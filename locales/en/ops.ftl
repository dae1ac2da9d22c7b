# Messages of ops in English. Every id here has a translation in
# locales/zh-CN/ops.ftl (a unit test of src/i18n.rs compares the two files).

## General

lang-name = English
# A label and its value on one line.
label-value = { $label }: { $value }
# Between the items of a list of names.
list-separator = {", "}
duration-days = { $n }d
duration-hours = { $n }h
duration-minutes = { $n }m

## Ticket words

ticket-status-open = open
ticket-status-on-hold = on hold
ticket-status-closed = closed

ticket-severity-I = I (urgent)
ticket-severity-II = II (serious)
ticket-severity-III = III (fairly serious)
ticket-severity-IV = IV (ordinary)

ticket-channel-hotline = hotline
ticket-channel-web = web support
ticket-channel-remote = remote maintenance
ticket-channel-on-site = on-site service
ticket-channel-letter-fax = letter or fax
ticket-channel-return-visit = return visit
ticket-channel-software-fix = software fix
ticket-channel-software-upgrade = software upgrade
ticket-channel-outsourcing = IT outsourcing
ticket-channel-platform = platform maintenance

ticket-category-consultation = consultation
ticket-category-defect-technical = defect (technical)
ticket-category-defect-business = defect (business)
ticket-category-defect-operation = defect (operation)

ticket-cause-hardware = hardware fault
ticket-cause-software = software fault
ticket-cause-network = network fault
ticket-cause-configuration = configuration
ticket-cause-operation = operating error
ticket-cause-environment = environment (power, cooling, room)
ticket-cause-external = external (carrier, vendor, third party)
ticket-cause-no-fault = no fault
ticket-cause-unknown = unknown

ticket-part-disk = disk
ticket-part-power-supply = power supply
ticket-part-fan = fan
ticket-part-memory = memory
ticket-part-cpu = CPU
ticket-part-mainboard = system board
ticket-part-controller = array controller
ticket-part-nic = network card
ticket-part-battery = battery
ticket-part-module = module
ticket-part-cable = cable
ticket-part-other = other

ticket-event-created = Entered
ticket-event-note = Note
ticket-event-assigned = Assigned
ticket-event-severity = Severity changed
ticket-event-hold = On hold
ticket-event-resume = Resumed
ticket-event-responded = Responded
ticket-event-planned = Plan given
ticket-event-plan = Plan agreed
ticket-event-visit = On-site visit
ticket-event-feedback = Return visit
ticket-event-closed = Closed
ticket-event-linked = Record linked
ticket-event-part = Part replaced

ticket-clock-running = running
ticket-clock-paused = paused
ticket-clock-overdue = overdue
ticket-clock-met = met
ticket-clock-breached = breached

ticket-onsite-due = due
ticket-onsite-overdue = overdue
ticket-onsite-met = met
ticket-onsite-missed = missed
ticket-onsite-not-needed = not needed

ticket-return-visit-later = not yet due
ticket-return-visit-due = due
ticket-return-visit-done = done

## The maintenance task sheet (ops ticket sheet)

sheet-title = Maintenance task sheet { $id }
sheet-printed = Printed by ops on { $at }
sheet-none = —
sheet-yes = yes
sheet-no = no

sheet-section-request = Request
sheet-field-id = Ticket
sheet-field-status = Status
sheet-field-customer = Customer
sheet-field-site = Site
sheet-field-targets = Systems and devices
sheet-field-severity = Severity
sheet-severity-changed = { $now } (received as { $received })
sheet-field-category = Category
sheet-field-channel = Service channel
sheet-field-received = Received
sheet-field-expected = Customer wants it solved by
sheet-field-contact = Reported by
sheet-field-phone = Phone
sheet-field-engineer = Engineer
sheet-field-problem = Description
sheet-field-hold = On hold
sheet-hold-since = since { $since }: { $reason }

sheet-section-deadlines = Service deadlines
sheet-deadlines-intro = Counted { $calendar }; time on hold: { $hold }.
sheet-calendar = on the business calendar { $name }
sheet-calendar-24x7 = around the clock
sheet-col-clock = Deadline
sheet-col-allowed = Allowed
sheet-col-due = Due
sheet-col-done = Done
sheet-col-state = State
sheet-clock-respond = Respond
sheet-clock-plan = Plan submitted
sheet-clock-resolve = Resolved
sheet-clock-onsite = Engineer on site
sheet-clock-return-visit = Return visit
sheet-resolve-by-agreed = The resolution is judged by the time agreed in the plan, { $agreed } (the service agreement's own deadline was { $sla }).
sheet-resolve-by-sla = The resolution is judged by the service agreement's deadline, { $sla }; the time agreed in the plan, { $agreed }, is not later.

sheet-section-plan = Plan
sheet-plan-none = No plan has been given yet.
sheet-plan-given = A plan was given on { $at }; what it said was not recorded.
sheet-field-solution = Solution
sheet-field-agreed-time = Agreed resolution time
sheet-field-agreed-by = Agreed by (customer)
sheet-field-agreed-at = Agreed on

sheet-section-actions = Actions and updates
sheet-col-time = Time
sheet-col-by = Recorded by
sheet-col-event = Event
sheet-col-details = Details
sheet-event-severity = { $from } → { $to }
sheet-event-plan = { $solution } (agreed by { $by }, to be resolved by { $time })
sheet-event-visit = { $engineer }: { $summary }
sheet-event-feedback = { $called }, satisfaction { $score } of 5
sheet-event-closed = { $resolution } (cause: { $cause }; confirmed by { $by })
sheet-event-part = { $kind } { $model }, serial { $removed } → { $installed }

sheet-section-visits = On-site visits
sheet-visits-none = No on-site visit.
sheet-col-arrived = Arrived
sheet-col-departed = Departed
sheet-col-engineer = Engineer
sheet-col-summary = Work done

sheet-section-parts = Parts replaced
sheet-parts-none = No part replaced.
sheet-col-kind = Part
sheet-col-model = Model
sheet-col-removed = Serial removed
sheet-col-installed = Serial installed
sheet-col-fault = Fault
sheet-col-returned = Returned to vendor

sheet-section-resolution = Resolution
sheet-not-closed = Not closed yet.
sheet-field-closed = Closed
sheet-field-closed-by = Closed by
sheet-field-resolution = Resolution
sheet-field-cause = Cause
sheet-field-parts = Parts noted at closing
sheet-field-confirmed-by = Confirmed by (customer)

sheet-section-feedback = Return visit
sheet-field-feedback-at = Called on
sheet-field-called = Customer called
sheet-field-satisfaction = Satisfaction
sheet-satisfaction = { $score } of 5
sheet-field-comment = Comment

sheet-section-signatures = Signatures
sheet-sign-engineer = Engineer's signature
sheet-sign-customer = Customer representative's signature
sheet-sign-date = Date
