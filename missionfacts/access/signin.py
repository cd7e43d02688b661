"""Sign-in attempts are limited per user name and client address, the client's own address behind a proxy.

django-axes counts the failures; this module tells it who the client is. Behind a reverse proxy every
request comes from the proxy's address, so without this one visitor guessing a password would lock every
other visitor out of that account. MISSIONFACTS_TRUSTED_PROXIES says how many proxies stand in front of the
server: each appends the address it received the request from to X-Forwarded-For, so the client is the
address that many entries from the end. Entries before it are written by the client and are not believed.
"""

import os
from ipaddress import ip_address

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

TRUSTED_PROXIES_VARIABLE = "MISSIONFACTS_TRUSTED_PROXIES"


def trusted_proxy_count(name: str = TRUSTED_PROXIES_VARIABLE) -> int:
    """The number of reverse proxies in front of the server, from the environment (0 when unset)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return 0
    if not raw.isdigit() or int(raw) > 10:
        raise ImproperlyConfigured(
            f"{name} must be the number of reverse proxies in front of the server (0 to 10), not {raw!r}."
        )
    return int(raw)


def client_address(request: HttpRequest) -> str | None:
    """The address of the client: the connection's, or the one the trusted proxies saw, when there are any."""
    proxies = getattr(settings, "MISSIONFACTS_TRUSTED_PROXIES", 0)
    if proxies:
        forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        # Each proxy added one entry; a request with fewer did not come through all of them.
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
            try:
                return str(ip_address(candidate))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR")
