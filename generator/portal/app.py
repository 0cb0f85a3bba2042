"""The portal's web application (Starlette): the public site, the request form, sign-in, the gated
nda site with watermarked PDFs, and the admin page.

Routes: /access/ (form), /signin/{token} (look, then POST to use), /signout, /nda/... (signed-in
visitors only), /admin/ (HTTP Basic, when a password is configured), /healthz, and the built
public site at /. Everything a visitor sends is hostile: bodies are capped, forms carry a CSRF token
(double submit: a cookie and a field that must match), Host headers are checked, templates escape.
"""

from __future__ import annotations

import base64
import datetime as dt
import hmac
import re
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..i18n import N_, translator
from .config import PortalConfig
from .content import PortalSettings
from .errors import FormError, PortalError
from .service import Portal, Visitor
from .watermark import watermark

MAX_BODY = 16 * 1024  # the request form's fields together are far below this
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,100}$")
TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "portal"
CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")


class TooLarge(Exception):
    pass


class SecurityHeaders:
    """Headers every response carries: no sniffing, no framing, no referrer (a sign-in link's
    token must not leak to another site through Referer)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                for name, value in ((b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
                                    (b"referrer-policy", b"no-referrer")):
                    if name not in names:
                        headers.append((name, value))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(config: PortalConfig, settings: PortalSettings, portal: Portal, organisation: str,
               locales: tuple[str, ...] = ("en",)) -> Starlette:
    """The application. The site's first locale is served at /, the others under /<locale>/ (the
    form at /sv/access/, its links at /sv/signin/...), as the static site does."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined)
    prefix = "__Host-" if config.secure else ""
    session_cookie, csrf_cookie = prefix + "trustgen_session", prefix + "trustgen_csrf"
    nda_root = config.nda_site.resolve()
    default, others = locales[0], set(locales[1:])

    def lang_of(request: Request) -> str:
        for part in request.url.path.split("/")[1:4]:
            if part in others:
                return part
        return default

    def prefix_of(lang: str) -> str:
        return "" if lang == default else f"/{lang}"

    def tr(lang: str, text: str | tuple[str, dict[str, object]]) -> str:
        gettext = translator(lang).gettext
        return gettext(text) if isinstance(text, str) else gettext(text[0]) % text[1]

    def ip(request: Request) -> str:
        return request.client.host if request.client else ""

    def csrf_of(request: Request) -> tuple[str, bool]:
        token = request.cookies.get(csrf_cookie, "")
        if TOKEN.match(token):
            return token, False
        return secrets.token_urlsafe(32), True

    def set_cookie(response: Response, name: str, value: str, max_age: int | None) -> None:
        response.set_cookie(name, value, max_age=max_age, path="/", secure=config.secure, httponly=True,
                            samesite="lax")

    def render(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        csrf, new = csrf_of(request)
        lang = lang_of(request)
        html = env.get_template(template).render(lang=lang, organisation=organisation, csrf=csrf,
                                                 prefix=prefix_of(lang), _=translator(lang).gettext, **values)
        response = HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": CSP,
                                                                   "Cache-Control": "no-store"})
        if new:
            set_cookie(response, csrf_cookie, csrf, None)
        return response

    def message(request: Request, title: str, paragraphs: list[str | tuple[str, dict[str, object]]],
                status: int = 200, action: str = "", button: str = "", links: tuple[tuple[str, str], ...] = ()
                ) -> HTMLResponse:
        """A page of a title and paragraphs (English msgids, translated here), perhaps a form with
        one button, perhaps links (paths of the visitor's language)."""
        lang = lang_of(request)
        prefix = prefix_of(lang)
        return render(request, "message.html", status, title=tr(lang, title),
                      paragraphs=[tr(lang, p) for p in paragraphs], action=action and prefix + action,
                      button=button and tr(lang, button), links=[(prefix + href, tr(lang, text)) for href, text in links])

    REQUEST_ACCESS = (("/access/", N_("Request access")),)

    async def read_form(request: Request) -> dict[str, str]:
        """The urlencoded body, at most MAX_BODY bytes, first value of each field; TooLarge or ValueError."""
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/x-www-form-urlencoded":
            raise ValueError("expected a form (application/x-www-form-urlencoded)")
        length = request.headers.get("content-length", "")
        if length and (not length.isdigit() or int(length) > MAX_BODY):
            raise TooLarge
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                raise TooLarge
        form: dict[str, str] = {}
        for key, value in parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True,
                                    max_num_fields=20):
            form.setdefault(key, value)
        return form

    async def checked_form(request: Request) -> dict[str, str] | Response:
        """The form when its CSRF token matches the cookie; otherwise the refusal to send back."""
        try:
            form = await read_form(request)
        except TooLarge:
            return message(request, N_("Request too large"), [N_("The form was larger than the portal accepts.")], 413)
        except ValueError:
            return message(request, N_("Bad request"), [N_("The portal accepts only forms sent by its own pages.")],
                           400)
        cookie = request.cookies.get(csrf_cookie, "")
        if not cookie or not hmac.compare_digest(form.get("csrf", "").encode(), cookie.encode()):
            return message(request, N_("Form expired"), [N_(
                "The form's security token did not match. Reload the page and send the form again.")], 403)
        return form

    def empty_form(document: str = "") -> dict[str, str]:
        return {"name": "", "email": "", "company": "", "reason": "", "document": document}

    def access_page(request: Request, form: dict[str, str], errors: dict[str, tuple[str, dict[str, object]]],
                    status: int) -> HTMLResponse:
        lang = lang_of(request)
        nda = [p.strip() for p in settings.nda(lang).split("\n\n") if p.strip()]
        return render(request, "access.html", status, title=tr(lang, N_("Request access")), form=form,
                      errors={k: tr(lang, v) for k, v in errors.items()}, nda=nda, nda_version=settings.nda_version)

    async def access(request: Request) -> Response:
        if request.method == "GET":
            document = request.query_params.get("document", "")
            return access_page(request, empty_form(document if re.match(r"^[a-z0-9-]{1,100}$", document) else ""),
                               {}, 200)
        form = await checked_form(request)
        if isinstance(form, Response):
            return form
        client = ip(request)
        if not await run_in_threadpool(portal.allow, "request", client, config.request_limit, 3600):
            return message(request, N_("Too many requests"), [N_(
                "Too many access requests from your address. Try again in an hour.")], 429)
        try:
            outcome = await run_in_threadpool(portal.submit, form, client, lang_of(request))
        except FormError as exc:
            shown = {k: form.get(k, "")[:2000] for k in empty_form()}
            return access_page(request, shown, exc.fields, 400)
        if outcome.approved and outcome.link and outcome.until and config.smtp:
            from .mail import send_link

            try:
                await run_in_threadpool(send_link, config, outcome.email, outcome.name, outcome.link,
                                        outcome.until, organisation, outcome.locale)
            except PortalError as exc:
                await run_in_threadpool(portal.record, "mail-failed", client, str(exc), outcome.request_id)
        return message(request, N_("Request received"), [
            N_("Thank you. Your request was received."),
            N_("We send a sign-in link to the e-mail address you gave as soon as it is approved.")])

    async def signin(request: Request) -> Response:
        token = request.path_params["token"]
        token = token if TOKEN.match(token) else "-" * 20
        if request.method == "GET":
            state = await run_in_threadpool(portal.link_state, token, ip(request))
            if state != "valid":
                return message(request, N_("Link no longer valid"), [
                    (N_("This sign-in link has already been used or has expired. Links work once, within "
                        "%(hours)s hours."), {"hours": config.link_hours}),
                    N_("Ask for a new link by requesting access again.")], 410, links=REQUEST_ACCESS)
            return message(request, N_("Sign in"), [N_("Continue to the confidential documents. This link works once.")],
                           action=f"/signin/{token}", button=N_("Sign in"))
        form = await checked_form(request)
        if isinstance(form, Response):
            return form
        client = ip(request)
        if not await run_in_threadpool(portal.allow, "signin", client, config.signin_limit, 900):
            return message(request, N_("Too many attempts"), [N_(
                "Too many sign-in attempts from your address. Try again in 15 minutes.")], 429)
        result = await run_in_threadpool(portal.sign_in, token, client)
        if result is None:
            return message(request, N_("Link no longer valid"), [
                N_("This sign-in link has already been used, has expired or was withdrawn.")], 410,
                links=REQUEST_ACCESS)
        session_token, visitor = result
        response = RedirectResponse("/nda/" + ("" if visitor.locale == default else f"{visitor.locale}/"),
                                    status_code=303)
        max_age = int((visitor.until - dt.datetime.now(dt.UTC).replace(tzinfo=None)).total_seconds())
        set_cookie(response, session_cookie, session_token, max(max_age, 0))
        return response

    async def signout(request: Request) -> Response:
        form = await checked_form(request)
        if isinstance(form, Response):
            return form
        token = request.cookies.get(session_cookie, "")
        if token:
            await run_in_threadpool(portal.sign_out, token)
        response = message(request, N_("Signed out"), [N_("You are signed out.")])
        response.delete_cookie(session_cookie, path="/", secure=config.secure, httponly=True, samesite="lax")
        return response

    async def gated(request: Request) -> Response:
        visitor: Visitor | None = await run_in_threadpool(portal.visitor, request.cookies.get(session_cookie, ""))
        rel = request.path_params.get("path", "")
        if visitor is None:
            why = "session revoked or expired" if request.cookies.get(session_cookie) else "no session"
            await run_in_threadpool(portal.record, "refused", ip(request), f"/nda/{rel} ({why})"[:500])
            return message(request, N_("Confidential material"), [N_(
                "This document is shared under a non-disclosure agreement. Request access, or sign in with the "
                "link you received by e-mail.")], 403, links=REQUEST_ACCESS)
        target = (nda_root / rel).resolve()
        if not target.is_relative_to(nda_root):
            return PlainTextResponse("Not found", 404)
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            return PlainTextResponse("Not found", 404)
        headers = {"Cache-Control": "private, no-store"}
        suffix = target.suffix.lower()
        if suffix == ".docx" and not settings.docx:
            return message(request, N_("PDF only"), [N_("This document is shared as a watermarked PDF only.")], 403)
        if suffix in (".pdf", ".docx"):
            await run_in_threadpool(portal.record, "download", ip(request), f"/nda/{rel}"[:500], visitor.request_id)
            headers["Content-Disposition"] = f'attachment; filename="{target.name}"'
        if suffix == ".pdf":
            stamp = tr(visitor.locale, (N_("Confidential: provided to %(email)s (%(company)s) on %(date)s"), {
                "email": visitor.email, "company": visitor.company, "date": f"{dt.datetime.now(dt.UTC):%Y-%m-%d}"}))
            data = await run_in_threadpool(lambda: watermark(target.read_bytes(), stamp))
            return Response(data, media_type="application/pdf", headers=headers)
        from starlette.responses import FileResponse

        return FileResponse(target, headers=headers)

    def admin_denied(request: Request) -> Response | None:
        if not config.admin_password:
            return PlainTextResponse("Not found", 404)
        header = request.headers.get("authorization", "")
        if header.lower().startswith("basic "):
            try:
                user, _, password = base64.b64decode(header[6:], validate=True).decode("utf-8").partition(":")
            except (ValueError, UnicodeDecodeError):
                user, password = "", ""
            if (hmac.compare_digest(user.encode(), config.admin_user.encode())
                    and hmac.compare_digest(password.encode(), config.admin_password.encode())):
                return None
            portal.record("admin-refused", ip(request))
        return PlainTextResponse("Sign in as the portal administrator.", 401,
                                 headers={"WWW-Authenticate": 'Basic realm="trustgen portal admin", charset="UTF-8"'})

    async def admin(request: Request) -> Response:
        denied = await run_in_threadpool(admin_denied, request)
        if denied is not None:
            return denied
        notice = ""
        status = 200
        if request.method == "POST":
            form = await checked_form(request)
            if isinstance(form, Response):
                return form
            action = request.path_params.get("action", "")
            if action not in ("approve", "revoke"):
                return PlainTextResponse("Not found", 404)
            ref = form.get("id", "")
            try:
                if not ref.isdigit():
                    raise PortalError("no request chosen")
                if action == "approve":
                    outcome = await run_in_threadpool(portal.approve, ref, None, "admin page")
                    notice = f"Approved request {outcome.request_id} until {outcome.until:%Y-%m-%d}."
                    if config.smtp and outcome.link and outcome.until:
                        from .mail import send_link

                        await run_in_threadpool(send_link, config, outcome.email, outcome.name, outcome.link,
                                                outcome.until, organisation, outcome.locale)
                        notice += f" The sign-in link was sent to {outcome.email}."
                    else:
                        notice += f" Sign-in link: {outcome.link}"
                else:
                    revoked = await run_in_threadpool(portal.revoke, ref, "admin page")
                    notice = f"Revoked request {revoked.id}."
            except PortalError as exc:
                notice, status = str(exc), 400
        requests = await run_in_threadpool(portal.requests)
        return render(request, "admin.html", status, title="Access requests", requests=requests, notice=notice)

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok")

    async def nda_home(request: Request) -> Response:
        return RedirectResponse("/nda/", status_code=308)

    routes: list[BaseRoute] = [Route("/healthz", healthz)]
    for lang in locales:
        prefix = prefix_of(lang)
        routes += [
            Route(prefix + "/access/", access, methods=["GET", "POST"]),
            Route(prefix + "/access", lambda r, to=prefix + "/access/": RedirectResponse(to, 308)),
            Route(prefix + "/signin/{token}", signin, methods=["GET", "POST"]),
            Route(prefix + "/signout", signout, methods=["POST"]),
        ]
    routes += [
        Route("/nda", nda_home),
        Route("/nda/{path:path}", gated),
        Route("/admin/", admin, methods=["GET"]),
        Route("/admin/{action:str}", admin, methods=["POST"]),
        Mount("/", StaticFiles(directory=config.site, html=True, check_dir=False)),
    ]
    middleware = [Middleware(SecurityHeaders), Middleware(TrustedHostMiddleware, allowed_hosts=config.hosts)]
    return Starlette(routes=routes, middleware=middleware)
