"""The date and time a run works with. SOURCE_DATE_EPOCH pins it, so builds and tests are reproducible."""

from __future__ import annotations

import datetime as dt
import os


def now() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(tz=dt.UTC)


def today() -> dt.date:
    return now().date()
