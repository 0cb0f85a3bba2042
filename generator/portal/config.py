"""The portal's configuration: defaults, then a TOML file, then TRUSTGEN_PORTAL_* variables, then options.

Twelve-factor: secrets (the admin password, the SMTP password) come from the environment or a file
outside the content folder, never from content/. Every key of the file can also be given as an
environment variable named TRUSTGEN_PORTAL_<KEY>, e.g. TRUSTGEN_PORTAL_ADMIN_PASSWORD.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import ConfigError

ENV_PREFIX = "TRUSTGEN_PORTAL_"


@dataclass(frozen=True)
class PortalConfig:
    database: str = "sqlite:///portal.db"
    content: Path = Path("content")
    site: Path = Path("site")          # the built public site, served at /
    nda_site: Path = Path("site-nda")  # the built nda site, served at /nda/ to signed-in visitors
    host: str = "127.0.0.1"
    port: int = 8000
    base_url: str = "http://127.0.0.1:8000"  # how visitors reach the portal; links in e-mails start with it
    allowed_hosts: tuple[str, ...] = ()       # Host headers accepted; default: the host of base_url
    forwarded_allow_ips: str = ""             # the reverse proxies whose X-Forwarded-For is believed
    admin_user: str = "admin"
    admin_password: str = ""                  # empty: the admin page is off
    smtp_host: str = ""                       # empty: no e-mail; `approve` prints the link only
    smtp_port: int = 25
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    mail_from: str = ""
    link_hours: int = 24
    request_limit: int = 5          # access requests per client address per hour
    signin_limit: int = 20          # sign-in attempts per client address per 15 minutes

    @property
    def secure(self) -> bool:
        """Cookies get the Secure flag (and the __Host- prefix) when visitors come over https."""
        return urlsplit(self.base_url).scheme == "https"

    @property
    def hosts(self) -> list[str]:
        if self.allowed_hosts:
            return list(self.allowed_hosts)
        return [urlsplit(self.base_url).hostname or "127.0.0.1"]

    @property
    def smtp(self) -> bool:
        return bool(self.smtp_host)


_FIELDS = {f.name: f for f in dataclasses.fields(PortalConfig)}


def _convert(name: str, value: Any, where: str) -> Any:
    default = _FIELDS[name].default
    try:
        if isinstance(default, bool):
            if isinstance(value, bool):
                return value
            if str(value).lower() in ("1", "true", "yes", "on"):
                return True
            if str(value).lower() in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(value)
        if isinstance(default, int):
            number = int(value)
            if number < 0:
                raise ValueError(value)
            return number
        if isinstance(default, Path):
            return Path(str(value))
        if isinstance(default, tuple):
            items = value if isinstance(value, list) else str(value).split(",")
            return tuple(str(v).strip() for v in items if str(v).strip())
        if isinstance(value, str):
            return value
    except ValueError:
        pass
    kind = ("true or false" if isinstance(default, bool) else "whole number" if isinstance(default, int)
            else "list" if isinstance(default, tuple) else "path" if isinstance(default, Path) else "text")
    raise ConfigError(f"{where}: {name}: expected {kind}, got {value!r}")


def load_config(file: Path | None = None, env: Mapping[str, str] | None = None,
                options: Mapping[str, Any] | None = None) -> PortalConfig:
    """Defaults < the file < TRUSTGEN_PORTAL_* variables < command-line options (those not None)."""
    values: dict[str, Any] = {}
    if file is not None:
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"{file}: cannot read the configuration: {exc.strerror or exc}") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{file}: not a TOML file: {exc}") from None
        table = data.get("portal", data)
        for key, value in table.items():
            if key not in _FIELDS:
                raise ConfigError(f"{file}: unknown setting {key!r}; known: {', '.join(sorted(_FIELDS))}")
            values[key] = _convert(key, value, str(file))
    for key in _FIELDS:
        name = ENV_PREFIX + key.upper()
        if env is not None and name in env:
            values[key] = _convert(key, env[name], name)
    for key, value in (options or {}).items():
        if value is not None:
            values[key] = _convert(key, value, "--" + key.replace("_", "-"))
    config = PortalConfig(**values)
    base = urlsplit(config.base_url)
    if base.scheme not in ("http", "https") or not base.hostname or base.path not in ("", "/") or base.query:
        raise ConfigError(f"base_url: expected http(s)://HOST[:PORT] with no path, got {config.base_url!r}")
    if config.smtp and not config.mail_from:
        raise ConfigError("mail_from: needed when smtp_host is set (the sender of sign-in e-mails)")
    return dataclasses.replace(config, base_url=config.base_url.rstrip("/"))
