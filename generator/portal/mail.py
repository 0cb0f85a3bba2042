"""Sign-in links by e-mail (smtplib). The address was validated, and the message is built with the
standard library's EmailMessage, which refuses a line break in any header, so nothing a visitor typed
can add a header or a recipient."""

from __future__ import annotations

import datetime as dt
import smtplib
from email.message import EmailMessage

from ..i18n import translator
from .config import PortalConfig
from .errors import PortalError


def send_link(config: PortalConfig, to: str, name: str, link: str, until: dt.datetime, organisation: str,
              locale: str = "en") -> None:
    """Send one sign-in link in the visitor's language; PortalError when the SMTP server cannot be
    reached or refuses it."""
    _ = translator(locale).gettext
    message = EmailMessage()
    message["From"] = config.mail_from
    message["To"] = to
    message["Subject"] = _("Your access to the %(organisation)s trust center documents") % {
        "organisation": organisation}
    message.set_content(_(
        "Hello %(name)s,\n"
        "\n"
        "your request for the confidential documents of %(organisation)s was approved until %(until)s.\n"
        "\n"
        "Sign in with this link (it works once, within %(hours)s hours):\n"
        "\n"
        "%(link)s\n"
        "\n"
        "Every document you download is marked with your e-mail address.\n") % {
        "name": name, "organisation": organisation, "until": f"{until:%Y-%m-%d}", "hours": config.link_hours,
        "link": link})
    try:
        with smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=30) as smtp:
            if config.smtp_starttls:
                smtp.starttls()
            if config.smtp_user:
                smtp.login(config.smtp_user, config.smtp_password)
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise PortalError(f"could not send the sign-in e-mail to {to} through "
                          f"{config.smtp_host}:{config.smtp_port}: {exc}") from None
