from django.db import models


class Probe(models.Model):
    name = models.CharField(max_length=20)
    # Added by migrations_v2 only.
    note = models.CharField(max_length=20, default="")

    def __str__(self):
        return self.name
