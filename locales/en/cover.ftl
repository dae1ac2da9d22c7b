# cover messages (en): the header and sign-off lines of a report. Every id has a translation in the other locale.

cover-item = Item
cover-content = Content
cover-company = Maintenance company
cover-customer = Customer
cover-contract = Contract number
cover-period = Report period
cover-author = Written by
cover-reviewer = Reviewed by
cover-sign-off = Sign-off
cover-role = Role
cover-name = Name
cover-signature = Signature
cover-date = Date
cover-engineer = Maintenance engineer
cover-director = Technical director
cover-customer-representative = Customer representative
