import datetime
from types import SimpleNamespace

from gunicorn.config import Config

from linli.access_log import AccessLogger
from linli.management.commands.serve import gunicorn_command

TOKEN = "Qx7Kp2mVn9sLr4TwYb6Hc3"


def logged_line(tmp_path, path, referer="-"):
    config = Config()
    log = tmp_path / "access.log"
    config.set("accesslog", str(log))
    logger = AccessLogger(config)
    environ = {
        "REQUEST_METHOD": "GET", "RAW_URI": path, "PATH_INFO": path.split("?")[0],
        "QUERY_STRING": path.partition("?")[2], "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1", "HTTP_REFERER": referer,
    }  # fmt: skip
    response = SimpleNamespace(status="200 OK", sent=1234, headers=[])
    request = SimpleNamespace(headers=[("REFERER", referer)])
    logger.access(response, request, environ, datetime.timedelta(seconds=0, microseconds=5000))
    for handler in logger.access_log.handlers:
        handler.flush()
    return log.read_text()


def test_the_access_log_keeps_the_path_without_the_household_token(tmp_path):
    line = logged_line(tmp_path, f"/h/{TOKEN}/help/3/confirm/?x=1", referer=f"/h/{TOKEN}/")
    assert TOKEN not in line
    assert "GET /h/…/help/3/confirm/?x=1 HTTP/1.1" in line
    assert " 200 " in line


def test_other_paths_are_logged_as_they_are(tmp_path):
    assert "GET /helpdesk/board/?group=2 HTTP/1.1" in logged_line(
        tmp_path, "/helpdesk/board/?group=2"
    )


def test_linli_serve_starts_gunicorn_with_the_logger_that_drops_tokens():
    command = gunicorn_command(bind="127.0.0.1:8101", workers=1)
    assert command[command.index("--logger-class") + 1] == "linli.access_log.AccessLogger"
