"""What one district's schema holds and serves: one app per thing a district publishes, the
citizen pages, and the officer console (``manage``). It may use ``tenants``; it never imports
``platform_site``."""
