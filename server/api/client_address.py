"""Who the client is: the one place that decides the address every per-address limit is keyed on
(wrong join codes, joins, creates, restores, upload slots) and the access log shows.

A connection's own peer is the client, unless the peer is one of the trusted proxies
(COBOARD_TRUSTED_PROXIES: addresses or networks; default this machine, 127.0.0.1 and ::1). From a
trusted proxy, the client is the rightmost address in X-Forwarded-For that is not itself a trusted
proxy: each proxy adds the address it saw at the right, so everything left of the last one a proxy
of ours wrote could have been typed by anyone (deploy/nginx.conf goes further and replaces the
header with the one address it saw). X-Forwarded-Proto is believed from a trusted proxy too, and
from nobody else. Anyone else's X-Forwarded-For is ignored: a visitor on the venue's Wi-Fi who
sends one neither escapes their own limits nor spends another address's.

The limits count an IPv6 client by its network (COBOARD_IPV6_PREFIX, a /64 unless set): one home, phone
or server is given a /64, 2^64 addresses it may send from, so counting each address would give it as
many budgets. The scope keeps the client's own address (the access log shows it); `client_key` groups.
"""
import ipaddress
from functools import lru_cache

from starlette.requests import HTTPConnection
from starlette.types import Scope

from ..protocol.limits import IPV6_PREFIX

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class ProxiesMisconfigured(SystemExit):
    """Said in plain words by `coboard serve`, which then stops (no traceback)."""


def parse_proxies(text: str) -> tuple[Network, ...]:
    """'127.0.0.1, ::1, 10.0.0.0/24' → networks; refused in plain words for anything else, '*' too (it
    would believe every client's own say-so)."""
    networks = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        if item == "*":
            raise ProxiesMisconfigured(
                "COBOARD_TRUSTED_PROXIES: '*' would believe the X-Forwarded-For of anyone who can reach the "
                "server. List the addresses (or networks) of your proxies instead. See docs/operations.md.")
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ProxiesMisconfigured(f"COBOARD_TRUSTED_PROXIES: {item!r} is not an address or a network "
                                       "(such as 10.0.0.5 or 10.0.0.0/24). See docs/operations.md.") from None
    return tuple(networks)


def _address(text: str) -> Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1:text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    return getattr(address, "ipv4_mapped", None) or address  # ::ffff:10.0.0.5 is 10.0.0.5 (a dual-stack socket)


@lru_cache(maxsize=4096)
def grouped(host: str, ipv6_prefix: int = IPV6_PREFIX) -> str:
    """The key a client's address is counted by: an IPv6 address's network of `ipv6_prefix` bits
    ('2001:db8::1' → '2001:db8::/64'); anything else (IPv4, an IPv4-mapped IPv6 address: IPv4) as it is."""
    address = _address(host)
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{address}/{ipv6_prefix}", strict=False))
    return str(address) if address is not None else host


class TrustedProxies:
    """The proxies whose forwarded headers are believed; `apply(scope)` puts the client in the scope;
    `key(host)`: what per-address limits count that client by."""

    def __init__(self, setting: str, ipv6_prefix: int = IPV6_PREFIX):
        self.networks = parse_proxies(setting)
        self.ipv6_prefix = ipv6_prefix
        self.trusted = lru_cache(maxsize=1024)(self._trusted)

    def key(self, host: str) -> str:
        return grouped(host, self.ipv6_prefix)

    def _trusted(self, address: Address | None) -> bool:
        return address is not None and any(address in network for network in self.networks)

    def client(self, peer: str | None, forwarded_for: list[str]) -> str | None:
        """The client's address, given the connection's peer and its X-Forwarded-For headers' values."""
        if not self.trusted(_address(peer or "")):
            return peer
        hops = [hop for value in forwarded_for for hop in value.split(",") if hop.strip()]
        for hop in reversed(hops):
            address = _address(hop)
            if address is None:  # not an address: the header is broken from here on; the proxy is who we know
                return peer
            if not self.trusted(address):
                return str(address)
        return str(_address(hops[0])) if hops else peer  # proxies all the way: the first of them

    def apply(self, scope: Scope) -> None:
        """An HTTP or WebSocket scope's `client` (and `scheme`, from X-Forwarded-Proto) as decided here."""
        peer = scope.get("client")
        if not self.networks or not peer or not self.trusted(_address(peer[0])):
            return
        forwarded_for, proto = [], None
        for name, value in scope["headers"]:
            if name == b"x-forwarded-for":
                forwarded_for.append(value.decode("latin-1"))
            elif name == b"x-forwarded-proto":
                proto = value.decode("latin-1").rsplit(",", 1)[-1].strip().lower()
        client = self.client(peer[0], forwarded_for)
        if client != peer[0]:
            scope["client"] = (client, 0)
        if proto in ("http", "https"):
            scope["scheme"] = proto.replace("http", "ws") if scope["type"] == "websocket" else proto


def client_key(request: HTTPConnection) -> str:
    """What per-address limits count a request or socket against: the client TrustedProxies put in the
    scope, an IPv6 one by its network (`grouped`)."""
    if not request.client:
        return "unknown"
    proxies = getattr(request.scope.get("app"), "proxies", None)
    return proxies.key(request.client.host) if proxies is not None else grouped(request.client.host)
