"""What the tenancy layer announces. The district site listens; tenants imports neither site."""

from django.dispatch import Signal

# Sent inside the new district's schema, after its schema and domains exist, within the
# creating transaction: a receiver that fails undoes the whole creation. Args: district.
district_created = Signal()

# Sent inside a restored district's schema once its schema and media are the backup's. What the
# district's side keeps outside its schema (cached pages, the platform's snapshot) is stale
# from that moment. Args: district.
district_restored = Signal()
