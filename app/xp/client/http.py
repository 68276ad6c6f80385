"""HttpXpClient: the XpClient interface over HTTP, for an XP service running in its own process.

It answers with the JSON /api/v1 sends, which is what InProcessXpClient returns, and turns the
service's 400/404/422 back into the same XpError subclasses with the service's message. What
the network adds becomes XpUnavailable: the service down or timing out, 429 and 5xx answers
that outlast the retries, a refused API key, an answer that is not the service's JSON.

Retries are safe because every event carries an Idempotency-Key (one is made up when the
caller has none): an attempt that timed out after the service applied it is replayed by the
next attempt, never counted twice.

The module is meant to be copied into another project as it is: it imports nothing from
StudyXP but the errors (app/xp/errors.py), and speaks Trophy's Application API, so it also
calls hosted Trophy (https://api.trophy.so/v1). StudyXP hands it its own clock (`now=`);
copied, it reads the system clock.
"""

import json
import logging
import math
import random
import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import quote, urlsplit
from uuid import uuid4

import requests

from app.xp.errors import BadRequest, NotFound, Unprocessable, XpError, XpUnavailable

log = logging.getLogger(__name__)

# The service's answers to bad input, raised as the in-process client raises them.
INPUT_ERRORS = {400: BadRequest, 404: NotFound, 413: BadRequest, 422: Unprocessable}
MAX_RETRIES = 10
# A call, its retries and their waits end within this many seconds, whatever Retry-After says.
MAX_CALL_SECONDS = 10.0
# After a call found the service unavailable, calls fail at once for this long: a page makes
# several calls, and each would otherwise wait out its own timeouts and retries.
COOLDOWN_SECONDS = 5.0
# A longer Retry-After stretches that pause, up to this: a stray "retry tomorrow" must not
# switch XP off for a day.
MAX_COOLDOWN_SECONDS = 60.0


def system_now() -> datetime:
    """The system clock, for a copy of this module outside StudyXP."""
    return datetime.now(UTC)


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Retry-After as seconds after `now` (delta-seconds or an HTTP date); None if unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; parsedate leaves "-0000" naive
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def _header_safe(key: str) -> bool:
    # requests refuses surrounding whitespace and http.client anything outside Latin-1; keep to
    # printable ASCII so the key the service stores is exactly the caller's.
    return key == "" or (key.isascii() and key.isprintable() and key == key.strip())


class HttpXpClient:
    """Calls a StudyXP (or Trophy-compatible) XP service at `base_url`, e.g. .../api/v1.

    Thread safety: each thread gets a requests.Session of its own (a thread-local), so
    connections are pooled per thread and no lock makes one learner's slow call hold up
    another's. A Session is not documented as thread-safe; sharing one behind a lock would
    serialize every XP call of a threaded worker.
    """

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        timeout: float = 5.0,
        connect_timeout: float = 2.0,
        retries: int = 2,
        backoff: float = 0.25,
        max_call_seconds: float = MAX_CALL_SECONDS,
        cooldown: float = COOLDOWN_SECONDS,
        now: Callable[[], datetime] = system_now,
        monotonic: Callable[[], float] = time.monotonic,
    ):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.retries = retries
        self.backoff = backoff
        self.max_call_seconds = max_call_seconds
        self.cooldown = cooldown
        self.now = now  # the wall clock, to read Retry-After dates against
        self.monotonic = monotonic  # seconds that only go forward: deadlines and cooldowns
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._sessions_lock = threading.Lock()
        self._unavailable_until = 0.0

    @classmethod
    def from_config(cls, config, now: Callable[[], datetime] = system_now) -> "HttpXpClient":
        """The client the XP_API_* settings describe; a setting that cannot work stops startup."""
        url = config.get("XP_API_URL") or ""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(
                f"XP_API_URL must be the XP service's API base URL, such as "
                f"http://xp.internal:8000/api/v1, not {url!r}"
            )
        if not config.get("XP_API_KEY"):
            raise ValueError(
                "XP_API_URL is set but XP_API_KEY is not: create a key on the XP service with "
                "`flask --app app xp create-api-key NAME` and set XP_API_KEY to it"
            )
        timeout = config.get("XP_API_TIMEOUT", 5.0)
        connect_timeout = config.get("XP_API_CONNECT_TIMEOUT", 2.0)
        for name, seconds in (
            ("XP_API_TIMEOUT", timeout),
            ("XP_API_CONNECT_TIMEOUT", connect_timeout),
        ):
            if not isinstance(seconds, int | float) or not 0 < seconds <= MAX_CALL_SECONDS:
                raise ValueError(
                    f"{name} must be a number of seconds above 0 and at most "
                    f"{MAX_CALL_SECONDS:g}, not {seconds!r}"
                )
        retries = config.get("XP_API_RETRIES", 2)
        if (
            isinstance(retries, bool)
            or not isinstance(retries, int)
            or not 0 <= retries <= MAX_RETRIES
        ):
            raise ValueError(
                f"XP_API_RETRIES must be a whole number from 0 to {MAX_RETRIES}, not {retries!r}"
            )
        return cls(
            url,
            config["XP_API_KEY"],
            timeout=timeout,
            connect_timeout=connect_timeout,
            retries=retries,
            now=now,
        )

    # --- XpClient -----------------------------------------------------------------------

    def record_event(self, metric_key, user, value, idempotency_key=None):
        key = str(uuid4()) if idempotency_key is None else idempotency_key
        if not isinstance(key, str) or not _header_safe(key):
            raise BadRequest(
                "Idempotency-Key must be printable ASCII without surrounding spaces "
                "to travel in an HTTP header"
            )
        try:
            body = json.dumps({"user": user, "value": value})
        except (TypeError, ValueError):
            raise BadRequest("'user' and 'value' must be JSON values") from None
        response = self._call(
            "POST",
            f"/metrics/{_segment(metric_key, 'Metric')}/event",
            body=body,
            idempotency_key=key,
        )
        if idempotency_key is None and isinstance(response, dict):
            # The key was this client's own, for its retries: answer as the in-process client
            # does for a caller who sent none.
            response.pop("idempotencyKey", None)
            response.pop("idempotentReplayed", None)
        return response

    def user_points(self, user_id, system_key, awards=10):
        path = _user_points_path(user_id, system_key)
        return self._call("GET", path, params={"awards": str(awards)})

    def points_system(self, system_key):
        return self._call("GET", f"/points/{_segment(system_key, 'Points system')}")

    def points_levels(self, system_key):
        return self._call("GET", f"/points/{_segment(system_key, 'Points system')}/levels")

    def points_event_summary(self, user_id, system_key, aggregation, start_date, end_date):
        query = {"aggregation": aggregation, "startDate": start_date, "endDate": end_date}
        path = _user_points_path(user_id, system_key) + "/event-summary"
        return self._call("GET", path, params=_query(query))

    def achievements(self):
        return self._call("GET", "/achievements")

    def user_achievements(self, user_id, include_incomplete=False):
        flag = "true" if include_incomplete else "false"
        path = f"/users/{_segment(user_id, 'User')}/achievements"
        return self._call("GET", path, params={"includeIncomplete": flag})

    def user_streak(self, user_id, history_periods=7):
        path = f"/users/{_segment(user_id, 'User')}/streak"
        return self._call("GET", path, params={"historyPeriods": str(history_periods)})

    def points_boosts(self, system_key):
        return self._call("GET", f"/points/{_segment(system_key, 'Points system')}/boosts")

    def leaderboards(self, include_finished=False):
        flag = "true" if include_finished else "false"
        return self._call("GET", "/leaderboards", params={"includeFinished": flag})

    def leaderboard(self, key, offset=0, limit=None, run=None, user_id=None, user_attributes=None):
        query = {"offset": offset, "limit": limit, "run": run, "userId": user_id}
        query["userAttributes"] = user_attributes
        path = f"/leaderboards/{_segment(key, 'Leaderboard')}"
        return self._call("GET", path, params=_query(query))

    def user_leaderboard(self, user_id, key, run=None, num_events=10):
        path = f"/users/{_segment(user_id, 'User')}/leaderboards/{_segment(key, 'Leaderboard')}"
        return self._call("GET", path, params=_query({"run": run, "numEvents": num_events}))

    def identify_user(self, user):
        if not isinstance(user, dict) or not isinstance(user.get("id"), str):
            raise BadRequest("'user' must be a JSON object with a string 'id'")
        try:
            body = json.dumps(user)
        except (TypeError, ValueError):
            raise BadRequest("'user' must be a JSON object") from None
        return self._call("PUT", f"/users/{_segment(user['id'], 'User')}", body=body)

    def user_preferences(self, user_id):
        return self._call("GET", f"/users/{_segment(user_id, 'User')}/preferences")

    def update_user_preferences(self, user_id, notifications):
        try:
            body = json.dumps({"notifications": notifications})
        except (TypeError, ValueError):
            raise BadRequest("'notifications' must be a JSON object") from None
        path = f"/users/{_segment(user_id, 'User')}/preferences"
        return self._call("PATCH", path, body=body)

    def streaks(self, user_ids):  # a list is sent as userIds=a&userIds=b, as Trophy's SDK does
        return self._call("GET", "/streaks", params={"userIds": user_ids})

    def user_wrapped(self, user_id, year=None):
        path = f"/users/{_segment(user_id, 'User')}/wrapped"
        return self._call("GET", path, params=_query({"year": year}))

    def complete_achievement(self, key, user):
        try:
            body = json.dumps({"user": user})
        except (TypeError, ValueError):
            raise BadRequest("'user' must be a JSON object") from None
        # A retry is safe without an Idempotency-Key: completing twice changes nothing. The
        # retry's answer then carries `points: {}`, as any later completion does.
        return self._call(
            "POST", f"/achievements/{_segment(key, 'Achievement')}/complete", body=body
        )

    def close(self) -> None:
        """Close every thread's session and its pooled connections."""
        with self._sessions_lock:
            sessions, self._sessions = self._sessions, []
        for session in sessions:
            session.close()
        self._local = threading.local()

    # --- HTTP ---------------------------------------------------------------------------

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers.update(
                {"X-API-KEY": self.api_key, "Accept": "application/json", "User-Agent": "StudyXP"}
            )
            self._local.session = session
            with self._sessions_lock:
                self._sessions.append(session)
        return session

    def _call(self, method, path, *, params=None, body=None, idempotency_key=None):
        """One API call with its retries: the JSON answer, an XpError, or XpUnavailable."""
        now = self.monotonic()
        if now < self._unavailable_until:
            raise XpUnavailable(
                f"The XP service at {self.base_url} was unavailable moments ago; "
                f"trying again in {math.ceil(self._unavailable_until - now)} s"
            )
        deadline = now + self.max_call_seconds
        headers = {}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        # Whether an attempt may have reached the service and been applied before it failed.
        maybe_applied = False
        attempt = 0
        while True:
            attempt += 1
            # The last attempt's timeouts shrink to fit the call's time limit.
            remaining = max(deadline - self.monotonic(), 0.001)
            connect_timeout = min(self.connect_timeout, remaining)
            read_timeout = min(self.timeout, remaining)
            retry_after = None
            try:
                response = self._session().request(
                    method,
                    self.base_url + path,
                    params=params,
                    data=body,
                    headers=headers,
                    timeout=(connect_timeout, read_timeout),
                    # A redirected POST would arrive as a GET; a redirect means a wrong URL.
                    allow_redirects=False,
                )
            except requests.ConnectTimeout:
                problem = f"could not be reached within {connect_timeout:.3g} s"
            except requests.Timeout:
                problem = f"did not answer within {read_timeout:.3g} s"
                maybe_applied = True
            except requests.RequestException as error:
                problem = f"could not be reached ({type(error).__name__})"
                maybe_applied = True
            else:
                status = response.status_code
                if 200 <= status < 300:
                    answer = self._json(response)
                    if (
                        maybe_applied
                        and isinstance(answer, dict)
                        and answer.get("idempotentReplayed")
                    ):
                        # An earlier attempt of this same call was applied and its answer lost:
                        # for the caller this is still the first time, as in-process.
                        answer["idempotentReplayed"] = False
                    return answer
                if status != 429 and status < 500:
                    raise self._error(response)
                problem = f"answered {status}"
                maybe_applied = maybe_applied or status != 429
                retry_after = retry_after_seconds(response.headers.get("Retry-After"), self.now())

            attempts = f"{attempt} attempt{'s' if attempt > 1 else ''}"
            if attempt > self.retries:
                raise self._unavailable(f"{problem}, after {attempts}", retry_after)
            wait = max(retry_after or 0.0, self._backoff(attempt))
            if self.monotonic() + wait >= deadline:
                asked = f" and asked to retry after {retry_after:g} s" if retry_after else ""
                raise self._unavailable(
                    f"{problem}{asked}; retrying would take over "
                    f"{self.max_call_seconds:g} s (after {attempts})",
                    retry_after,
                )
            log.info("XP service %s %s: retrying in %.2f s", method, problem, wait)
            time.sleep(wait)

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with jitter, so many workers do not retry in step."""
        step = self.backoff * 2 ** (attempt - 1)
        return random.uniform(step / 2, step)

    def _unavailable(self, problem: str, retry_after: float | None = None) -> XpUnavailable:
        """The error to raise, after making the calls of the next few seconds fail at once."""
        pause = max(self.cooldown, min(retry_after or 0.0, MAX_COOLDOWN_SECONDS))
        self._unavailable_until = self.monotonic() + pause
        message = f"The XP service at {self.base_url} {problem}"
        log.warning("%s", message)
        return XpUnavailable(message)

    def _json(self, response: requests.Response):
        try:
            return response.json()
        except ValueError:
            raise self._unavailable(
                f"answered {response.status_code} with something other than JSON"
            ) from None

    def _error(self, response: requests.Response) -> XpError:
        """The XpError for a 4xx answer, carrying the service's own message."""
        status = response.status_code
        try:
            message = response.json().get("error")
        except (ValueError, AttributeError):
            message = None
        if not isinstance(message, str):
            # Not the XP API's {"error": ...}: a wrong XP_API_URL reaching some other server.
            return self._unavailable(f"answered {status} without an XP error; check XP_API_URL")
        if status in (401, 403):
            return self._unavailable(f"refused the API key ({status}: {message}); check XP_API_KEY")
        error_class = INPUT_ERRORS.get(status)
        if error_class is None:
            return self._unavailable(f"answered {status}: {message}")
        return error_class(message)


def _segment(value: str, what: str) -> str:
    """`value` as one escaped path segment; `what` names it in the NotFound for an empty one.

    User ids may hold '/', '?', '#' or be '..': all escaped, dots too, since requests would
    resolve a literal '..' segment and ask for a different resource.
    """
    if value == "":
        # An empty segment would change which route the path matches.
        raise NotFound(f"{what} '' not found")
    return quote(str(value), safe="").replace(".", "%2E")


def _user_points_path(user_id: str, system_key: str) -> str:
    return f"/users/{_segment(user_id, 'User')}/points/{_segment(system_key, 'Points system')}"


def _query(params: dict) -> dict[str, str]:
    """Query parameters as text (dates as YYYY-MM-DD); those that are None are left out."""
    return {
        name: value.isoformat() if isinstance(value, date) else str(value)
        for name, value in params.items()
        if value is not None
    }
