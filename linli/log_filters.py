import logging


class NoTracebackFor4xx(logging.Filter):
    """A refused request (403, 404) is logged as one line: its traceback says nothing."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
