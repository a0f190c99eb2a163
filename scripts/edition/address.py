"""The public address of the edition: what every citation, Highwire tag and data file names.

It is ``site_url`` in ``mkdocs.yml``, or ``EDITION_SITE_URL`` from the environment, which wins (a
deployment sets it without editing the file). Pure: the adapters pass in what they read.

- The committed ``site_url`` is a placeholder (``PLACEHOLDER_HOST``). A build that would cite it
  gets a warning naming both settings, so ``mkdocs build --strict`` (``make build``) fails rather
  than publish citations of an address nobody can reach. Setting ``EDITION_SITE_URL`` to the
  placeholder itself says "I know": test builds and CI do that, and the build is quiet.
- ``mkdocs serve`` replaces ``site_url`` with its own address (``http://127.0.0.1:8000/``);
  citations must not name it, so under serve the address is read from the config file instead, and
  a placeholder there is only mentioned (a preview publishes nothing).
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

ENV = "EDITION_SITE_URL"
"""The environment variable that sets the public address for a deployment."""

PLACEHOLDER_HOST = "road-ahead.example.org"
"""The host of the committed placeholder ``site_url``."""


def is_placeholder(url: str) -> bool:
    """Whether ``url`` is the placeholder address (or empty, or a reserved example host)."""
    host = urlsplit(url).hostname or ""
    return not host or host == PLACEHOLDER_HOST or host.endswith((".example.org", ".example.com", ".example.net", ".example"))


def is_dev_server(url: str, dev_addr: tuple[str, int] | None) -> bool:
    """Whether ``url`` is ``mkdocs serve``'s own address (serve overwrites ``site_url`` with it)."""
    if dev_addr is None:
        return False
    parts = urlsplit(url)
    return parts.hostname == dev_addr[0] and parts.port == dev_addr[1]


def public_address(configured: str, env: Mapping[str, str], *, serving: bool) -> tuple[str, str | None, bool]:
    """``(address, message, is_warning)``: the address citations use, and what to tell the user.

    ``configured`` is ``site_url`` as the config file has it (not serve's replacement)."""
    explicit = env.get(ENV, "").strip()
    if explicit:
        address = explicit if explicit.endswith("/") else explicit + "/"
        return address, None, False
    if is_placeholder(configured):
        message = (
            f"site_url in mkdocs.yml is the placeholder {configured!r}: every citation, Highwire tag and data file names it. "
            f"Set {ENV}=https://<public address>/ (or site_url in mkdocs.yml) for a deployment, "
            f"or {ENV}={configured} to build with the placeholder on purpose"
        )
        return configured, message, not serving
    return configured, None, False
