"""Who the client is (server/api/client_address.py): forwarded headers only from trusted proxies,
and from them only what a proxy of ours wrote."""
import pytest

from server.api.client_address import ProxiesMisconfigured, TrustedProxies
from server.config import Settings


def scope(peer: str, *headers: tuple[str, str], kind: str = "http") -> dict:
    return {"type": kind, "client": (peer, 50000), "scheme": "ws" if kind == "websocket" else "http",
            "headers": [(k.lower().encode(), v.encode()) for k, v in headers]}


def decided(proxies: TrustedProxies, peer: str, *headers) -> dict:
    s = scope(peer, *headers)
    proxies.apply(s)
    return s


NGINX = TrustedProxies("127.0.0.1, ::1")


def test_a_client_that_is_not_a_trusted_proxy_is_itself_whatever_it_sends():
    s = decided(NGINX, "192.0.2.7", ("X-Forwarded-For", "198.51.100.1"), ("X-Forwarded-Proto", "https"))
    assert s["client"] == ("192.0.2.7", 50000) and s["scheme"] == "http"


def test_a_trusted_proxy_is_believed_for_the_address_it_saw():
    s = decided(NGINX, "127.0.0.1", ("X-Forwarded-For", "192.0.2.7"), ("X-Forwarded-Proto", "https"))
    assert s["client"] == ("192.0.2.7", 0) and s["scheme"] == "https"
    assert decided(NGINX, "::1", ("X-Forwarded-For", "2001:db8::5"))["client"][0] == "2001:db8::5"
    ws = scope("127.0.0.1", ("X-Forwarded-For", "192.0.2.7"), ("X-Forwarded-Proto", "https"), kind="websocket")
    NGINX.apply(ws)
    assert ws["client"][0] == "192.0.2.7" and ws["scheme"] == "wss"


def test_what_the_visitor_wrote_left_of_the_proxy_s_own_entry_is_not_believed():
    # an appending proxy: "what the client sent, what the proxy saw"; only the last is the proxy's word
    s = decided(NGINX, "127.0.0.1", ("X-Forwarded-For", "10.9.9.9, 192.0.2.7"))
    assert s["client"][0] == "192.0.2.7"
    two = [("X-Forwarded-For", "10.9.9.9"), ("X-Forwarded-For", "192.0.2.7")]  # two headers: one list
    assert decided(NGINX, "127.0.0.1", *two)["client"][0] == "192.0.2.7"


def test_a_chain_of_trusted_proxies_is_walked_back_to_the_first_address_none_of_them_is():
    chain = TrustedProxies("127.0.0.1, 10.0.0.0/24")
    s = decided(chain, "127.0.0.1", ("X-Forwarded-For", "10.9.9.9, 192.0.2.7, 10.0.0.4"))
    assert s["client"][0] == "192.0.2.7"
    assert decided(chain, "127.0.0.1", ("X-Forwarded-For", "10.0.0.8, 10.0.0.4"))["client"][0] == "10.0.0.8"


def test_a_broken_or_missing_header_from_a_proxy_leaves_the_proxy_as_the_client():
    for value in ("", " , ", "not-an-address", "192.0.2.7, nonsense"):
        assert decided(NGINX, "127.0.0.1", ("X-Forwarded-For", value))["client"] == ("127.0.0.1", 50000), value
    assert decided(NGINX, "127.0.0.1")["client"] == ("127.0.0.1", 50000)
    # addresses with ports, as some proxies write them
    assert decided(NGINX, "127.0.0.1", ("X-Forwarded-For", "192.0.2.7:4711"))["client"][0] == "192.0.2.7"
    assert decided(NGINX, "127.0.0.1", ("X-Forwarded-For", "[2001:db8::5]:4711"))["client"][0] == "2001:db8::5"


def test_a_dual_stack_socket_s_mapped_address_is_the_ipv4_one():
    s = decided(NGINX, "::ffff:127.0.0.1", ("X-Forwarded-For", "::ffff:192.0.2.7"))
    assert s["client"][0] == "192.0.2.7"


def test_no_trusted_proxies_means_nobody_s_header_is_believed():
    nobody = TrustedProxies("")
    assert decided(nobody, "127.0.0.1", ("X-Forwarded-For", "192.0.2.7"))["client"][0] == "127.0.0.1"


@pytest.mark.parametrize("setting", ["*", "127.0.0.1, *", "nginx", "10.0.0.0/33"])
def test_a_setting_that_would_believe_anyone_or_is_not_an_address_is_refused_in_words(setting):
    with pytest.raises(ProxiesMisconfigured) as refused:
        TrustedProxies(setting)
    assert "COBOARD_TRUSTED_PROXIES" in str(refused.value) and "docs/operations.md" in str(refused.value)


def test_the_setting_defaults_to_this_machine_and_reads_uvicorn_s_older_name(monkeypatch):
    monkeypatch.delenv("COBOARD_TRUSTED_PROXIES", raising=False)
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    assert Settings().trusted_proxies == "127.0.0.1, ::1"
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "*")  # an older compose file: refused, not quietly dropped
    with pytest.raises(ProxiesMisconfigured):
        TrustedProxies(Settings().trusted_proxies)
    monkeypatch.setenv("COBOARD_TRUSTED_PROXIES", "172.30.77.10")
    assert Settings().trusted_proxies == "172.30.77.10"


def test_ipv6_clients_are_counted_by_their_64_and_ipv4_ones_by_their_address():
    """One IPv6 host is given a /64: counted per address, it would have 2^64 budgets of every limit."""
    same = {NGINX.key(a) for a in ("2001:db8::1", "2001:db8::2", "2001:db8:0:0:ffff:ffff:ffff:ffff", "[2001:db8::3]:443")}
    assert same == {"2001:db8::/64"}
    assert NGINX.key("2001:db8:0:1::1") != NGINX.key("2001:db8::1")  # the next /64 is someone else
    assert NGINX.key("192.0.2.7") == "192.0.2.7" and NGINX.key("192.0.2.8") != NGINX.key("192.0.2.7")
    assert NGINX.key("::ffff:192.0.2.7") == "192.0.2.7"  # a dual-stack socket's IPv4 client is that client
    assert NGINX.key("testclient") == "testclient"
    wider = TrustedProxies("127.0.0.1", ipv6_prefix=56)
    assert wider.key("2001:db8:0:1::1") == wider.key("2001:db8:0:ff::1") == "2001:db8::/56"


def test_the_ipv6_prefix_is_a_setting_and_every_per_address_limit_keys_on_it(monkeypatch):
    from starlette.requests import Request

    from server.app import create_app
    from server.api.client_address import client_key

    monkeypatch.setenv("COBOARD_IPV6_PREFIX", "48")
    settings = Settings()
    assert settings.ipv6_prefix == 48
    app = create_app(settings)
    forwarded = scope("::1", ("X-Forwarded-For", "2001:db8:0:7::9"))
    app.proxies.apply(forwarded)
    assert forwarded["client"][0] == "2001:db8:0:7::9"  # the scope (and the log) keep the address
    assert client_key(Request({**forwarded, "app": app})) == "2001:db8::/48"
    assert client_key(Request({**scope("2001:db8:0:5::1"), "app": app})) == "2001:db8::/48"
    monkeypatch.setenv("COBOARD_IPV6_PREFIX", "129")
    with pytest.raises(ValueError):
        Settings()
