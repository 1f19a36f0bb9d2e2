"""Signals other apps listen to, so that companies never has to import them."""

import django.dispatch

# Sent once per company that stops being approved (suspended, rejected or deactivated), with the keyword
# argument `company` (the Company, already saved with its new status). Sent only after the moderation's
# transaction commits, so a receiver never acts on a change that was rolled back; a receiver that writes must
# open its own transaction. Events listens to cancel the company's future meetings.
company_withdrawn = django.dispatch.Signal()

# Sent after companies were bulk-inserted (companies.demo.create_synthetic), which skips the model signals, with
# the keyword argument `company_ids`. Matchmaking listens to keep its candidate keys in step.
companies_bulk_created = django.dispatch.Signal()
# The same for marketplace entries bulk-inserted (demo and benchmark data), with `company_ids`: their companies.
listings_bulk_created = django.dispatch.Signal()

# Sent after a moderation decision (companies.moderation.moderate) commits, with `pks`: the items of the sender's
# model whose status changed. The decision is saved with bulk_update, which sends no post_save: caches of what
# is public (matchmaking's rankings, market's supply and demand) listen to this instead.
items_moderated = django.dispatch.Signal()
