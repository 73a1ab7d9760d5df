"""Security headers on every HTTP answer: a strict Content-Security-Policy and its companions.

Member tokens live in the page's localStorage, so a single injected script would be a stolen
workshop: the page may run only its own files (no inline script, no eval), may be framed by
nobody, and talks only to its own origin (the socket included: CSP 3's 'self' matches ws:/wss:
of the same host). Answers that bring a policy of their own (a report, a board picture) keep it,
with framing and <base> forbidden added when they lack them.

The front end's scripts and stylesheets (`/web/…`, anything but HTML) are never documents: a
browser ignores a policy, framing and opener headers on a subresource, and they fetch nothing
themselves (no CSS `url()`, no workers). They carry `nosniff`, `Referrer-Policy` and a policy that
forbids everything, framing included, should one be opened on its own: about 390 bytes fewer on
each of the ~30 modules a phone loads over HTTP/1.1 (bench/pageload.py). Not `base-uri` (only an
HTML document has a `<base>`, and these are sent as script or CSS, never sniffed) nor
`Cross-Origin-Resource-Policy` (it keeps another site from loading a file into its own process;
these files are the public code, the same for everyone and fetched without credentials, so there
is nothing in them to read): 63 bytes a response, 2 KB of a phone's first load.
"""
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

APP_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data: blob:",  # board pictures are fetched with the token and shown as blobs
    "font-src": "'self'",
    "connect-src": "'self'",
    "media-src": "'none'",
    "object-src": "'none'",
    "frame-src": "'none'",
    "worker-src": "'self'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
ALWAYS = {"frame-ancestors": "'none'", "base-uri": "'none'"}  # added to an answer's own policy
ASSET_POLICY = "default-src 'none'; frame-ancestors 'none'"  # a script or stylesheet, opened alone
ASSET_PREFIX = "/web/"


def policy_text(directives: dict[str, str]) -> str:
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def app_policy(public_url: str | None = None) -> str:
    """The page's policy; behind a proxy with another public origin, its socket origin is allowed too."""
    directives = dict(APP_POLICY)
    if public_url:
        parts = urlsplit(public_url)
        if parts.scheme in ("http", "https") and parts.netloc:
            socket = ("wss" if parts.scheme == "https" else "ws") + "://" + parts.netloc
            directives["connect-src"] = f"'self' {socket}"
    return policy_text(directives)


def completed_policy(own: str) -> str:
    """An answer's own policy with framing and <base> forbidden unless it already says."""
    names = {part.strip().split(" ", 1)[0].lower() for part in own.split(";") if part.strip()}
    extra = [f"{name} {value}" for name, value in ALWAYS.items() if name not in names]
    return "; ".join([own.strip().rstrip(";")] + extra) if extra else own


class SecurityHeaders:
    """Adds the headers to every HTTP answer (pages, /web assets, API answers and errors alike)."""

    def __init__(self, app: ASGIApp, public_url: str | None = None):
        self.app = app
        fixed = {
            "x-content-type-options": "nosniff",
            "referrer-policy": "no-referrer",
            "x-frame-options": "DENY",  # frame-ancestors for browsers that predate it
            "cross-origin-opener-policy": "same-origin",
            "cross-origin-resource-policy": "same-origin",
        }
        if public_url and public_url.startswith("https://"):
            fixed["strict-transport-security"] = "max-age=31536000"
        self.fixed = [(k.encode(), v.encode()) for k, v in fixed.items()]
        self.policy = app_policy(public_url).encode()
        # Referrer-Policy stays on scripts: a module's own imports are fetched under the policy its
        # answer carries (issue 12 asks for it on every asset; 24 bytes).
        asset = {"x-content-type-options": "nosniff", "referrer-policy": "no-referrer"}
        self.asset = [(k.encode(), v.encode()) for k, v in asset.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        web = scope["path"].startswith(ASSET_PREFIX)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                if web and is_asset(headers):
                    headers += [(k, v) for k, v in self.asset if k not in present]
                    headers.append((b"content-security-policy", ASSET_POLICY.encode()))
                    message = {**message, "headers": headers}
                    await send(message)
                    return
                headers += [(k, v) for k, v in self.fixed if k not in present]
                if b"content-security-policy" in present:
                    headers = [(k, completed_policy(v.decode("latin-1")).encode("latin-1"))
                               if k.lower() == b"content-security-policy" else (k, v) for k, v in headers]
                else:
                    headers.append((b"content-security-policy", self.policy))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


def is_asset(headers: list[tuple[bytes, bytes]]) -> bool:
    """A /web answer that is not a page (HTML gets the page's headers)."""
    kind = next((v for k, v in headers if k.lower() == b"content-type"), b"")
    return bool(kind) and not kind.lower().startswith(b"text/html")
