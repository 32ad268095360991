"""A per-address request limit for the public pages, counted in Django's cache.

Fixed one-minute windows: each address may make ``PUBLIC_EVALUATION_RATE_LIMIT`` requests per
window. A shared cache (CACHE_URL) makes the limit hold across server processes.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60


def client_address(request) -> str:
    header = settings.PUBLIC_EVALUATION_CLIENT_IP_HEADER
    if header and request.META.get(header):
        # A proxy may append several addresses; the first is the client's.
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def over_limit(request, *, scope: str = "public-evaluation", limit: int | None = None) -> bool:
    """Count this request against its address; True once the address is over ``limit`` (by
    default ``PUBLIC_EVALUATION_RATE_LIMIT``) in the current window. Each ``scope`` has its own
    count, so one public form's traffic does not use up another's."""
    address = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    window = int(time.time() // WINDOW_SECONDS)
    key = f"ratelimit:{scope}:{address}:{window}"
    cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS * 2)
        count = 1
    if limit is None:
        limit = settings.PUBLIC_EVALUATION_RATE_LIMIT
    return count > limit
