"""The portal's exceptions. Library code raises them; the command line prints them."""

from __future__ import annotations

from ..errors import TrustgenError, UsageError


class PortalError(TrustgenError):
    """A portal command could not do what was asked (an unknown request, a database that is down)."""


class ConfigError(UsageError):
    """The portal's configuration file, environment or options are wrong (exit 2)."""


class FormError(Exception):
    """A submitted form was refused; `fields` maps each bad field to its message, as an English
    gettext msgid and the values to put into it (pages show it in the visitor's language)."""

    def __init__(self, fields: dict[str, tuple[str, dict[str, object]]]):
        self.fields = fields
        super().__init__("; ".join(f"{k}: {m % v}" for k, (m, v) in fields.items()))
