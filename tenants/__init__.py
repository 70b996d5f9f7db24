"""The tenancy layer: District (tenant) and Domain, the gazetteer, and the lifecycle actions.

It imports neither site. It announces what happened through ``tenants.signals``, and the
district site listens (e.g. to fill a new district with its default pages).
"""
