"""`python -m generator`: the same command line as `trustgen`."""

import sys

from .cli import main

sys.exit(main())
