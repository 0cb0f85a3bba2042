"""Sign-in links by e-mail (smtplib). The address was validated, and the message is built with the
standard library's EmailMessage, which refuses a line break in any header, so nothing a visitor typed
can add a header or a recipient."""

from __future__ import annotations

import datetime as dt
import smtplib
from email.message import EmailMessage

from .config import PortalConfig
from .errors import PortalError


def send_link(config: PortalConfig, to: str, name: str, link: str, until: dt.datetime, organisation: str) -> None:
    """Send one sign-in link; PortalError when the SMTP server cannot be reached or refuses it."""
    message = EmailMessage()
    message["From"] = config.mail_from
    message["To"] = to
    message["Subject"] = f"Your access to the {organisation} trust center documents"
    message.set_content(
        f"Hello {name},\n\n"
        f"your request for the confidential documents of {organisation} was approved until "
        f"{until:%Y-%m-%d}.\n\nSign in with this link (it works once, within {config.link_hours} hours):\n\n"
        f"{link}\n\nEvery document you download is marked with your e-mail address.\n")
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
