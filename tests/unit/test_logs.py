"""Join codes and tokens never reach the access log (issue 12)."""
import logging

from server.logs import RedactSecrets, redacted


def test_secret_query_values_are_replaced():
    assert redacted("/w/w_1/join?code=ABCD2345") == "/w/w_1/join?code=…"
    assert redacted("/x?since=4&token=abc&Join_Code=Q") == "/x?since=4&token=…&Join_Code=…"
    assert redacted("/api/workshops/w_1/events?since=12&wait=25") == "/api/workshops/w_1/events?since=12&wait=25"


def test_the_access_log_filter_rewrites_the_path_argument():
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5", "GET", "/w/w_1/join?code=SECRET99", "1.1", 200), None)
    assert RedactSecrets().filter(record)
    assert "SECRET99" not in record.getMessage()
