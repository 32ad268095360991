"""Rate limits beyond DRF's per-user and per-address ones (rates in REST_FRAMEWORK settings).

- ``token``: password guesses at the token sign-in, counted per client address whoever is signed
  in (DRF's own view has no throttle at all).
- ``anon_write``: what an anonymous person may send (e.g. proposal clues), stricter than reading.
"""

from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle


class TokenSignInThrottle(SimpleRateThrottle):
    scope = "token"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class AnonWriteThrottle(AnonRateThrottle):
    scope = "anon_write"

    def allow_request(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)
