"""One polite HTTP client for government sites.

Every request, redirects and robots.txt included, goes through `Fetcher.get`, which
- asks only for http:// and https:// addresses, and only of public ones (a loopback, private, link-local
  or reserved address is refused unless `allow_private`), checked before connecting and again on the
  connection's peer address, so a name that resolves elsewhere at connect time is caught too;
- obeys the host's robots.txt (urllib.robotparser, fetched once per run and host; an unreachable one
  means "do not fetch", as RFC 9309 says) and its Crawl-delay when that is longer than ours;
- waits `delay` seconds after a request to a host ends before it starts the next one (1 s by default);
- gives up on a connection or a read that is silent for `timeout` seconds, or a response that takes more
  than TOTAL_TIMEOUTS × `timeout` in all, and retries network errors, 429 and 5xx answers `retries` times,
  waiting 2 × delay, then 4 × delay… (or the server's Retry-After, when it asks for up to a minute);
- refuses a body larger than `max_bytes`, by its Content-Length or, while streaming, as soon as it grows
  past the limit, so a huge file is never downloaded whole;
- follows at most `max_redirects` redirects, each hop checked like a first request.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import ipaddress
import socket
import time
import urllib.parse
import urllib.robotparser
from dataclasses import dataclass, field
from typing import Callable

import httpx

from build_tools import __version__
from build_tools.ingest.limits import DEFAULT_LIMITS, megabytes

ROBOTS_NAME = "gongkai"  # the product token robots.txt rules name
USER_AGENT = (f"{ROBOTS_NAME}/{__version__} (archive of government information-disclosure annual reports; "
              "obeys robots.txt; one request per second)")
REDIRECTS = (301, 302, 303, 307, 308)
RETRIED = (429, 500, 502, 503, 504)
TOTAL_TIMEOUTS = 10  # a whole response may take this many times the timeout (a large PDF on a slow site)
MAX_RETRY_AFTER = 60.0
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB


class FetchError(Exception):
    """A URL that could not be fetched, with the reason in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Policy:
    """How politely and how safely to fetch."""

    delay: float = 1.0
    timeout: float = 30.0
    retries: int = 2
    max_bytes: int = DEFAULT_LIMITS.max_bytes
    max_redirects: int = 5
    allow_private: bool = False
    user_agent: str = USER_AGENT


@dataclass
class Response:
    """A complete response: the URL asked for, where redirects ended, and the body."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    content: bytes
    fetched_at: dt.datetime

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")

    @property
    def charset(self) -> str | None:
        """The charset the Content-Type header names, if any."""
        for part in (self.content_type or "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None


@dataclass
class _Host:
    robots: urllib.robotparser.RobotFileParser | None = None
    robots_problem: str | None = None
    last_done: float | None = None
    delay: float = 0.0


@dataclass
class Fetcher:
    """Fetch URLs under a Policy; `log` receives (url, status or reason) for every request made."""

    policy: Policy = field(default_factory=Policy)
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc)
    log: Callable[[str, str], None] = lambda url, what: None
    requests: int = 0

    def __post_init__(self) -> None:
        timeout = httpx.Timeout(self.policy.timeout)
        self._client = httpx.Client(headers={"User-Agent": self.policy.user_agent}, timeout=timeout,
                                    follow_redirects=False, trust_env=False)
        self._hosts: dict[str, _Host] = {}

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Response:
        """Fetch a URL (following redirects); with etag or last_modified, ask only for a changed body."""
        conditional = {}
        if etag:
            conditional["If-None-Match"] = etag
        if last_modified:
            conditional["If-Modified-Since"] = last_modified
        current = url
        seen: list[str] = []
        for _hop in range(self.policy.max_redirects + 1):
            check_url(current)
            self._check_robots(current)
            response = self._request(current, conditional)
            if response.status not in REDIRECTS:
                response.url = url
                return response
            location = response.headers.get("location")
            if not location:
                raise FetchError(f"HTTP {response.status} redirect without a Location header at {current}")
            seen.append(current)
            current = urllib.parse.urljoin(current, location.strip())
            if current in seen:
                raise FetchError(f"redirect loop: {' → '.join(seen + [current])}")
        raise FetchError(f"more than {self.policy.max_redirects} redirects, last to {current}")

    # Robots ----------------------------------------------------------------------------------------

    def _check_robots(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        if parts.path == "/robots.txt":
            return
        host = self._host(url)
        if host.robots is None and host.robots_problem is None:
            self._load_robots(parts, host)
        if host.robots_problem is not None:
            raise FetchError(host.robots_problem)
        assert host.robots is not None
        if not host.robots.can_fetch(ROBOTS_NAME, url):
            raise FetchError(f"robots.txt of {parts.netloc} does not allow fetching {parts.path or '/'}")

    def _load_robots(self, parts: urllib.parse.SplitResult, host: _Host) -> None:
        robots_url = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))
        parser = urllib.robotparser.RobotFileParser(robots_url)
        try:
            response = self.get(robots_url)
        except FetchError as exc:
            host.robots_problem = f"robots.txt of {parts.netloc} could not be read ({exc.reason}): not fetching"
            return
        if response.status == 200:
            parser.parse(response.content[:ROBOTS_MAX_BYTES].decode("utf-8", "replace").splitlines())
        elif response.status in (401, 403):
            parser.parse(["User-agent: *", "Disallow: /"])
        elif 400 <= response.status < 500:
            parser.parse([])  # no robots.txt: everything is allowed
        else:
            host.robots_problem = (f"robots.txt of {parts.netloc} answered HTTP {response.status}: "
                                   "not fetching from this host")
            return
        host.robots = parser
        crawl_delay = parser.crawl_delay(ROBOTS_NAME)
        if crawl_delay is not None:
            host.delay = min(float(crawl_delay), MAX_RETRY_AFTER)

    # Requests --------------------------------------------------------------------------------------

    def _host(self, url: str) -> _Host:
        key = (urllib.parse.urlsplit(url).hostname or "").lower()
        return self._hosts.setdefault(key, _Host())

    def _wait_turn(self, host: _Host) -> None:
        """Wait until `delay` has passed since the last request to the host ended.

        Counting from its end rather than its start, the host never sees two requests closer than `delay`,
        however long the first took to reach it.
        """
        delay = max(self.policy.delay, host.delay)
        if host.last_done is not None:
            wait = host.last_done + delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)

    def _request(self, url: str, headers: dict[str, str]) -> Response:
        """One request with retries; redirects are returned, not followed."""
        attempts = self.policy.retries + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                response = self._request_once(url, headers)
            except _Retryable as exc:
                self.log(url, exc.reason)
                if last:
                    raise FetchError(exc.reason + (f" (after {attempts} tries)" if attempts > 1 else "")) from None
                time.sleep(exc.wait if exc.wait is not None else 2 ** (attempt + 1) * self.policy.delay)
                continue
            self.log(url, str(response.status))
            return response
        raise AssertionError("unreachable")

    def _request_once(self, url: str, headers: dict[str, str]) -> Response:
        check_address(url, self.policy.allow_private)
        host = self._host(url)
        self._wait_turn(host)
        self.requests += 1
        started = time.monotonic()
        try:
            return self._stream(url, headers, started)
        finally:
            host.last_done = time.monotonic()

    def _stream(self, url: str, headers: dict[str, str], started: float) -> Response:
        limit = self.policy.max_bytes
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                check_peer(response, url, self.policy.allow_private)
                if response.status_code in RETRIED:
                    raise _Retryable(f"HTTP {response.status_code} at {url}", _retry_after(response))
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise FetchError(f"larger than {megabytes(limit)} (Content-Length {megabytes(int(declared))}): "
                                     f"not downloaded")
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise FetchError(f"larger than {megabytes(limit)}: stopped after {megabytes(size)}")
                    if time.monotonic() - started > TOTAL_TIMEOUTS * self.policy.timeout:
                        raise _Retryable(f"took longer than {TOTAL_TIMEOUTS * self.policy.timeout:g} s at {url}")
                    chunks.append(chunk)
                return Response(url, str(response.url), response.status_code,
                                {k.lower(): v for k, v in response.headers.items()}, b"".join(chunks), self.clock())
        except httpx.TimeoutException:
            raise _Retryable(f"no answer within {self.policy.timeout:g} s at {url}") from None
        except httpx.TransportError as exc:
            raise _Retryable(f"network error at {url}: {exc or type(exc).__name__}") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"HTTP error at {url}: {exc}") from None


class _Retryable(Exception):
    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


def _retry_after(response: httpx.Response) -> float | None:
    """The wait a 429 or 503 asks for, when it asks for at most a minute."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        seconds = float(value)
    else:
        when = email.utils.parsedate_to_datetime(value) if value else None
        if when is None:
            return None
        seconds = (when - dt.datetime.now(dt.timezone.utc)).total_seconds()
    if seconds > MAX_RETRY_AFTER:
        raise FetchError(f"HTTP {response.status_code} at {response.url}: the server asks to wait {seconds:.0f} s")
    return max(seconds, 0.0)


# Addresses -----------------------------------------------------------------------------------------


def check_url(url: str) -> None:
    """Refuse what is not an http:// or https:// URL with a host."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"not an http:// or https:// address: {url}")
    if not parts.hostname:
        raise FetchError(f"no host in {url}")
    if parts.username or parts.password:
        raise FetchError(f"an address with a user name or password is not fetched: {parts.hostname}")


def _forbidden(address: str) -> str | None:
    """Why an IP address is not one to fetch from, or None for a public address."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for test, name in ((ip.is_loopback, "a loopback"), (ip.is_private, "a private"),
                       (ip.is_link_local, "a link-local"), (ip.is_multicast, "a multicast"),
                       (ip.is_unspecified, "an unspecified"), (ip.is_reserved, "a reserved")):
        if test:
            return f"{address} is {name} address (use --allow-private to collect from it)"
    return None


def check_address(url: str, allow_private: bool) -> None:
    """Refuse a host that resolves to a loopback, private or otherwise non-public address."""
    if allow_private:
        return
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    try:
        infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {host}: {exc}") from None
    for info in infos:
        problem = _forbidden(str(info[4][0]))
        if problem:
            raise FetchError(f"not fetching {url}: {host} resolves to {problem}")


def check_peer(response: httpx.Response, url: str, allow_private: bool) -> None:
    """Check the address the connection actually went to (the name may have resolved anew)."""
    if allow_private:
        return
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if peer:
        problem = _forbidden(str(peer[0]))
        if problem:
            raise FetchError(f"not fetching {url}: connected to {problem}")
