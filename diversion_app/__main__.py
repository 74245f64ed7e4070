"""Allows ``python -m diversion_app``: hands over to the command line."""

import sys

from diversion_app.cli import main

sys.exit(main())
