"""The content kit: what every district app's content shares, so each app configures it instead
of writing it again.

- ``language``: Khmer-first bilingual fields (``title_km``/``title_en`` read as ``title``).
- ``models``: ``Publishable``, the ``is_published`` flag and the one queryset method for what
  citizens see, ``visible()``.
- ``photos``: the abstract photo row with its resized copies (renditions), the same behaviour
  for a model keeping one photo in its own fields, and the one finish step, row-locked and
  idempotent.
- ``tasks``: the one background task that runs that finish step for any app's photo.
- ``actions``: an item and the photo that came with it, created or changed through revisions in
  one transaction.
- ``console``: the generic console screens (list, create, edit, publish, withdraw, remove a
  part) that an app configures in a few lines.
- ``versions``: the frozen, hash-chained version shared by the budget and its execution
  reports.
- ``demo``: what every app's demo does alike (seed once, build from a row, create then publish,
  a drawn JPEG).

It is a plain package, not an installed app: it holds abstract models only, which need no app
of their own, and its task is registered with the worker by ``district_site.core.tasks``.
"""
