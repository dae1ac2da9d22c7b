# runbook messages (en). Every id has a translation in the other locale.
