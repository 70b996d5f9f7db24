"""What the tenancy layer announces. The district site listens; tenants imports neither site."""

from django.dispatch import Signal

# Sent inside the new district's schema, after its schema and domains exist, within the
# creating transaction: a receiver that fails undoes the whole creation. Args: district.
district_created = Signal()
