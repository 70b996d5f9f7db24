"""Recovery codes: a django-otp device holding ten single-use codes, kept only as hashes.

A code is 16 letters and digits of base 32 (80 bits), shown once when the officer turns the
second factor on, to be written down and kept apart from the phone. At 80 bits a plain SHA-256
is as safe as a slow password hash (nobody can try 2^80 guesses), and lets a code be found
with one comparison per stored hash. Using a code removes its hash: it never works twice."""

import hashlib
import secrets

from django.db import models, transaction
from django_otp.models import Device, ThrottlingMixin

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read from paper
COUNT = 10


def _normalise(code):
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def _hash(code):
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


def new_code():
    raw = "".join(secrets.choice(ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


class RecoveryCodes(ThrottlingMixin, Device):
    """The account's unused recovery codes (hashes only)."""

    hashes = models.JSONField(default=list)

    class Meta:
        verbose_name = "recovery codes"
        verbose_name_plural = "recovery codes"

    def get_throttle_factor(self):
        return 1

    @classmethod
    @transaction.atomic
    def replace_for(cls, user):
        """New codes for ``user`` (any earlier ones stop working); returns them in clear, once."""
        codes = [new_code() for _ in range(COUNT)]
        cls.objects.filter(user=user).delete()
        cls.objects.create(user=user, name="recovery codes", hashes=[_hash(code) for code in codes])
        return codes

    def verify_token(self, token):
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        normalised = _normalise(token)
        if len(normalised) != 16:
            return False  # a six-digit code from the app: not for this device, no failure
        digest = _hash(normalised)
        fresh = type(self).objects.select_for_update().get(pk=self.pk)
        if digest in fresh.hashes:
            fresh.hashes = [h for h in fresh.hashes if h != digest]
            fresh.save(update_fields=["hashes"])
            self.hashes = fresh.hashes
            self.throttle_reset()
            return True
        self.throttle_increment()
        return False

    @property
    def remaining(self):
        return len(self.hashes)
