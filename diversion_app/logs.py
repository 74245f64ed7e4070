"""Application logging to a rotating file in the user's log folder.

Log lines carry technical detail only: record ids, counts, exception types. Never a
name, an address, a date of birth, a password or free text typed by a user.
"""

from __future__ import annotations

import logging
import logging.handlers
import traceback
from pathlib import Path

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure(log_file: Path, level: int = logging.INFO) -> Path:
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root = logging.getLogger("diversion_app")
    for old in root.handlers:
        old.close()
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
    return log_file


def log_failure(logger: logging.Logger, what: str, error: BaseException) -> None:
    """Log an unexpected failure by its type and where it happened, never its message.

    An exception's text can quote the data it failed on (a name, a date of birth), so
    only the frames of the traceback, which name code and not data, reach the log.
    """
    frames = "".join(traceback.format_tb(error.__traceback__))
    logger.error("%s: unexpected %s\n%s", what, error.__class__.__name__, frames)
