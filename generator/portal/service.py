"""What the portal does, apart from HTTP: requests, approvals, links, sessions, rate limits, audit.

The web application and the `trustgen portal` commands both call a Portal; it keeps nothing in
memory between calls, so any number of processes can share one database. Tokens (sign-in links,
sessions) are random and only their SHA-256 is stored: a copy of the database signs nobody in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from ..i18n import N_
from .config import PortalConfig
from .content import PortalSettings
from .db import AccessRequest, AuditEvent, PortalSession, RateCounter, SignInLink, utcnow
from .errors import FormError, PortalError

LIMITS = {"name": 200, "email": 254, "company": 200, "reason": 2000}
DOCUMENT_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def clean_text(value: str, limit: int, multiline: bool = False) -> str:
    """Form text made inert for storage: normalised, control characters (ANSI escapes, NUL, bidi
    overrides) dropped, surrounding space trimmed. HTML is left as typed; every page escapes it."""
    value = unicodedata.normalize("NFC", value)
    keep = "\n" if multiline else ""
    value = "".join(ch for ch in value if ch in keep or unicodedata.category(ch) not in ("Cc", "Cf"))
    return value.strip()[: limit + 1]


def validate_email(value: str) -> str:
    """The normalised address, or FormError naming the field. Refuses anything with a line break or a
    second address, so nothing a visitor types can become an e-mail header."""
    from email_validator import EmailNotValidError
    from email_validator import validate_email as check

    if any(ch in value for ch in "\r\n\t,;<>\"'") or len(value) > LIMITS["email"]:
        raise FormError({"email": (N_("enter one e-mail address, like name@company.com"), {})})
    try:
        # No DNS look-up: nothing at run time reaches the network.
        result = check(value.strip(), check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        raise FormError({"email": (N_("not a valid e-mail address"), {})}) from None
    return str(result.normalized)


@dataclass(frozen=True)
class Outcome:
    """What became of a submitted request: its id, whether a rule approved it, and the link if so."""

    request_id: int
    email: str
    approved: bool
    link: str | None = None
    until: dt.datetime | None = None
    name: str = ""
    locale: str = "en"


@dataclass(frozen=True)
class Visitor:
    """The signed-in visitor behind a session cookie."""

    request_id: int
    email: str
    name: str
    company: str
    until: dt.datetime
    locale: str = "en"


class Portal:
    def __init__(self, engine: Engine, config: PortalConfig, settings: PortalSettings,
                 default_locale: str = "en"):
        self.default_locale = default_locale  # the site's first locale, served at /; the others at /<locale>/
        self.engine = engine
        self.config = config
        self.settings = settings
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def tx(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            yield session

    # --- audit ------------------------------------------------------------------------------------

    @staticmethod
    def _audit(s: Session, event: str, request: AccessRequest | None = None, ip: str = "",
               detail: str = "", email: str = "") -> None:
        s.add(AuditEvent(at=utcnow(), event=event, request_id=request.id if request else None,
                         email=request.email if request else email, ip=ip[:64], detail=detail[:500]))

    def record(self, event: str, ip: str = "", detail: str = "", request_id: int | None = None,
               email: str = "") -> None:
        with self.tx() as s:
            request = s.get(AccessRequest, request_id) if request_id else None
            self._audit(s, event, request, ip, detail, email)

    def audit(self, since: dt.datetime | None = None) -> list[AuditEvent]:
        with self.tx() as s:
            q = select(AuditEvent).order_by(AuditEvent.at, AuditEvent.id)
            if since is not None:
                q = q.where(AuditEvent.at >= since)
            return list(s.scalars(q))

    # --- rate limits --------------------------------------------------------------------------------

    def allow(self, action: str, client: str, limit: int, window_seconds: int) -> bool:
        """Count one hit of `action` by `client` in the current fixed window; False once over the limit.

        Written here rather than taken from a rate-limit library because the counters must live in
        the portal's own database (SQLite or PostgreSQL) for every process to see them."""
        if limit <= 0:
            return True
        now = int(utcnow().timestamp())
        window = now - now % window_seconds
        key = f"{action}:{client}"[:200]
        for _attempt in range(3):
            try:
                with self.tx() as s:
                    hit = s.execute(update(RateCounter).where(RateCounter.key == key, RateCounter.window == window)
                                    .values(count=RateCounter.count + 1))
                    if hit.rowcount == 0:  # type: ignore[attr-defined]
                        s.add(RateCounter(key=key, window=window, count=1))
                        count = 1
                    else:
                        count = s.scalar(select(RateCounter.count).where(RateCounter.key == key,
                                                                          RateCounter.window == window)) or 0
                    if count == 1:  # a new window: forget the old ones of this key
                        s.query(RateCounter).filter(RateCounter.key == key, RateCounter.window < window).delete()
                return count <= limit
            except IntegrityError:
                continue  # another process opened the window at the same moment; count again
        return False

    # --- requests -----------------------------------------------------------------------------------

    def submit(self, form: dict[str, str], ip: str, locale: str = "en") -> Outcome:
        """Store a request from the form (hostile input: checked, cleaned, never interpreted)."""
        problems: dict[str, tuple[str, dict[str, object]]] = {}
        values: dict[str, str] = {}
        for field, limit in LIMITS.items():
            raw = form.get(field, "")
            value = clean_text(raw, limit, multiline=field == "reason")
            if not value and field != "reason":
                problems[field] = (N_("required"), {})
            elif len(value) > limit:
                problems[field] = (N_("at most %(limit)s characters"), {"limit": limit})
            values[field] = value
        if "email" not in problems:
            try:
                values["email"] = validate_email(form.get("email", ""))
            except FormError as exc:
                problems.update(exc.fields)
        if form.get("nda") != "accept":
            problems["nda"] = (N_("accept the non-disclosure agreement to request access"), {})
        document = form.get("document", "")
        if problems:
            raise FormError(problems)
        with self.tx() as s:
            request = AccessRequest(created_at=utcnow(), name=values["name"], email=values["email"],
                                    company=values["company"], reason=values["reason"],
                                    nda_version=self.settings.nda_version, ip=ip[:64], locale=locale[:10],
                                    document=document if DOCUMENT_ID.match(document) and len(document) <= 100 else None,
                                    status="pending")
            s.add(request)
            s.flush()
            self._audit(s, "request", request, ip, f"nda {self.settings.nda_version}")
            if not self.settings.auto_approves(request.email):
                return Outcome(request.id, request.email, False, name=request.name, locale=request.locale)
            link, until = self._approve(s, request, self.settings.access_days, "rule: customer domain")
            self._audit(s, "auto-approve", request, ip, f"until {until:%Y-%m-%d}")
            return Outcome(request.id, request.email, True, link, until, request.name, request.locale)

    def requests(self, status: str | None = None) -> list[AccessRequest]:
        with self.tx() as s:
            q = select(AccessRequest).order_by(AccessRequest.id)
            if status:
                q = q.where(AccessRequest.status == status)
            return list(s.scalars(q))

    def _find(self, s: Session, ref: str, statuses: tuple[str, ...]) -> AccessRequest:
        if ref.isdigit():
            request = s.get(AccessRequest, int(ref))
            if request is None:
                raise PortalError(f"no access request with id {ref}")
            return request
        found = s.scalars(select(AccessRequest).where(AccessRequest.email == ref.strip().lower(),
                                                       AccessRequest.status.in_(statuses))
                          .order_by(AccessRequest.id.desc())).first()
        if found is None:
            wanted = " or ".join(statuses)
            raise PortalError(f"no {wanted} access request from {ref!r} (see `trustgen portal requests`)")
        return found

    def _approve(self, s: Session, request: AccessRequest, days: int, by: str) -> tuple[str, dt.datetime]:
        now = utcnow()
        request.status = "approved"
        request.decided_at = now
        request.decided_by = by[:100]
        request.access_until = now + dt.timedelta(days=days)
        return self._link(s, request), request.access_until

    def _link(self, s: Session, request: AccessRequest) -> str:
        token = secrets.token_urlsafe(32)
        now = utcnow()
        s.add(SignInLink(token_hash=token_hash(token), request_id=request.id, created_at=now,
                         expires_at=now + dt.timedelta(hours=self.config.link_hours)))
        prefix = "" if request.locale == self.default_locale else f"/{request.locale}"
        return f"{self.config.base_url}{prefix}/signin/{token}"

    def approve(self, ref: str, days: int | None = None, by: str = "command line") -> Outcome:
        """Approve the request `ref` (an id, or the newest pending or approved request of an e-mail
        address) for `days` (default: the content's access_days); a fresh sign-in link either way."""
        days = self.settings.access_days if days is None else days
        if days < 1:
            raise PortalError(f"--days {days}: expected at least 1 day")
        with self.tx() as s:
            request = self._find(s, ref, ("pending", "approved"))
            link, until = self._approve(s, request, days, by)
            self._audit(s, "approve", request, detail=f"by {by}; until {until:%Y-%m-%d}")
            return Outcome(request.id, request.email, True, link, until, request.name, request.locale)

    def revoke(self, ref: str, by: str = "command line") -> AccessRequest:
        """Revoke a request's access: its sessions end and its unused links stop working, now."""
        now = utcnow()
        with self.tx() as s:
            request = self._find(s, ref, ("approved", "pending"))
            request.status = "revoked"
            request.decided_at = now
            request.decided_by = by[:100]
            s.execute(update(PortalSession).where(PortalSession.request_id == request.id,
                                                  PortalSession.revoked_at.is_(None)).values(revoked_at=now))
            s.execute(update(SignInLink).where(SignInLink.request_id == request.id, SignInLink.used_at.is_(None))
                      .values(expires_at=now))
            self._audit(s, "revoke", request, detail=f"by {by}")
            return request

    # --- links and sessions -------------------------------------------------------------------------

    def link_state(self, token: str, ip: str = "") -> str:
        """valid, used, expired or unknown; looking does not use the link up (a refusal is recorded)."""
        with self.tx() as s:
            link = s.scalars(select(SignInLink).where(SignInLink.token_hash == token_hash(token))).first()
            if link is None:
                state = "unknown"
            elif link.used_at is not None:
                state = "used"
            else:
                state = "valid" if link.expires_at > utcnow() else "expired"
            if state != "valid":
                request = s.get(AccessRequest, link.request_id) if link else None
                self._audit(s, "signin-refused", request, ip, f"link {state}")
            return state

    def sign_in(self, token: str, ip: str) -> tuple[str, Visitor] | None:
        """Use a sign-in link once: a new session token and its visitor, or None (used, expired,
        unknown, revoked). The link is claimed by one conditional UPDATE, so two processes racing
        for the same link cannot both win."""
        now = utcnow()
        with self.tx() as s:
            claimed = s.execute(update(SignInLink)
                                .where(SignInLink.token_hash == token_hash(token), SignInLink.used_at.is_(None),
                                       SignInLink.expires_at > now)
                                .values(used_at=now))
            link = s.scalars(select(SignInLink).where(SignInLink.token_hash == token_hash(token))).first()
            request = s.get(AccessRequest, link.request_id) if link else None
            if claimed.rowcount != 1 or link is None or request is None:  # type: ignore[attr-defined]
                self._audit(s, "signin-refused", request, ip, "link used, expired or unknown")
                return None
            if request.status != "approved" or request.access_until is None or request.access_until <= now:
                self._audit(s, "signin-refused", request, ip, f"request {request.status}")
                return None
            session_token = secrets.token_urlsafe(32)
            s.add(PortalSession(token_hash=token_hash(session_token), request_id=request.id, created_at=now,
                                expires_at=request.access_until))
            self._audit(s, "signin", request, ip)
            return session_token, Visitor(request.id, request.email, request.name, request.company,
                                          request.access_until, request.locale)

    def visitor(self, session_token: str) -> Visitor | None:
        """The visitor of a session cookie, or None when the session is unknown, expired or revoked."""
        if not session_token:
            return None
        now = utcnow()
        with self.tx() as s:
            row = s.execute(select(PortalSession, AccessRequest)
                            .join(AccessRequest, AccessRequest.id == PortalSession.request_id)
                            .where(PortalSession.token_hash == token_hash(session_token))).first()
            if row is None:
                return None
            session, request = row
            if (session.revoked_at is not None or session.expires_at <= now or request.status != "approved"
                    or request.access_until is None or request.access_until <= now):
                return None
            return Visitor(request.id, request.email, request.name, request.company, request.access_until,
                           request.locale)

    def sign_out(self, session_token: str) -> None:
        with self.tx() as s:
            s.execute(update(PortalSession).where(PortalSession.token_hash == token_hash(session_token),
                                                  PortalSession.revoked_at.is_(None)).values(revoked_at=utcnow()))
