"""``/healthz``: the server answers. No database query and no connection: a load balancer's
probe and the load benchmark's baseline (``bench/load.py``) must not depend on the database."""

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET


@transaction.non_atomic_requests  # ATOMIC_REQUESTS would open a database connection
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


# Whatever cookie the probe sends, the session timeout check leaves the session store alone.
healthz.reads_no_session = True
