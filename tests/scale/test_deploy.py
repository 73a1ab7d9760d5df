"""The deployment files are real: deploy/nginx.conf loads in Debian's nginx, deploy/compose.yaml is a
valid Compose file (the compose-spec schema, through check-jsonschema), and the two agree."""
import ipaddress
import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

from bench.services import NGINX_TEMPLATE, Nginx, render_nginx

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def compose() -> dict:
    return YAML(typ="safe").load((DEPLOY / "compose.yaml").read_text())


def test_nginx_accepts_the_deploy_configuration_with_its_addresses_filled_in():
    nginx = Nginx(["127.0.0.1:8001", "127.0.0.1:8002", "127.0.0.1:8003"])
    try:
        nginx.check()  # raises with nginx's own words
    finally:
        nginx.close()


def test_rendering_fills_every_placeholder_and_nothing_else():
    text = render_nginx(8080, ["a:1", "b:2"])
    assert "${" not in text
    assert "listen 8080;" in text and "server a:1; server b:2;" in text
    # nginx's own variables are left alone
    assert "$http_upgrade" in text and "X-Forwarded-For $remote_addr;" in text


def test_compose_fills_every_placeholder_with_a_resolver_for_the_names_it_resolves_again():
    env = compose()["services"]["nginx"]["environment"]
    text = render_nginx(int(env["LISTEN_PORT"]), [], servers=env["COBOARD_SERVERS"], resolver=env["COBOARD_RESOLVER"])
    assert "${" not in text
    upstream = text.split("upstream coboard {", 1)[1].split("}", 1)[0]
    assert "zone coboard" in upstream and upstream.count(" resolve;") == 3  # `resolve` needs the zone
    assert "resolver 127.0.0.11 " in text.split("upstream coboard", 1)[0]  # Docker's DNS, at http level


def test_the_compose_file_is_valid_compose():
    r = subprocess.run([str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.compose-spec",
                        str(DEPLOY / "compose.yaml")], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_compose_runs_the_same_nginx_file_in_front_of_its_three_coboard_processes():
    services = compose()["services"]
    coboards = sorted(name for name in services if name.startswith("coboard"))
    assert len(coboards) == 3
    nginx = services["nginx"]
    mounted = [v for v in nginx["volumes"] if v.startswith("./nginx.conf:")]
    assert mounted and mounted[0].split(":")[1].startswith("/etc/nginx/templates/")
    assert (DEPLOY / "nginx.conf").resolve() == NGINX_TEMPLATE.resolve()
    listed = nginx["environment"]["COBOARD_SERVERS"]
    for name in coboards:  # looked up again through Docker's DNS: a recreated container is found
        assert f"server {name}:8000 resolve;" in listed
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgresql://") and env["REDIS_URL"].startswith("redis://")
        assert services[name]["command"][-1] == "8000"
    assert nginx["ports"] == [f"{nginx['environment']['LISTEN_PORT']}:{nginx['environment']['LISTEN_PORT']}"]


def test_websocket_and_long_poll_settings_are_in_the_nginx_file():
    text = NGINX_TEMPLATE.read_text()
    ws = text.split("location /ws/", 1)[1].split("}", 1)[0]
    assert "proxy_set_header Upgrade $http_upgrade;" in ws and "Connection $connection_upgrade" in ws
    poll = text.split("location ~ ^/api/workshops/[^/]+/events$", 1)[1].split("}", 1)[0]
    assert "proxy_buffering off;" in poll
    timeout = int(poll.split("proxy_read_timeout", 1)[1].split("s;", 1)[0])
    assert timeout > 30  # the long poll waits up to 30 s


def test_nginx_says_who_the_visitor_is_itself_wherever_it_sets_headers():
    """Each block with proxy_set_header of its own (nginx then drops the server's) replaces the visitor's
    X-Forwarded-For and X-Real-IP with the address nginx saw; none appends to what the visitor sent."""
    lines = [line.split("#", 1)[0].strip() for line in NGINX_TEMPLATE.read_text().splitlines()]
    code = "\n".join(lines)
    assert "$proxy_add_x_forwarded_for" not in code and "$http_x_forwarded_for" not in code
    blocks = [code.split("location /ws/", 1)[0], code.split("location /ws/", 1)[1].split("}", 1)[0]]
    for block in blocks:
        assert "proxy_set_header X-Forwarded-For $remote_addr;" in block
        assert "proxy_set_header X-Real-IP $remote_addr;" in block
    others = code.split("location /ws/", 1)[1].split("}", 1)[1]
    assert "proxy_set_header" not in others  # the other locations keep the server's headers


def test_compose_processes_believe_forwarded_headers_from_nginx_alone():
    services, networks = compose()["services"], compose()["networks"]
    nginx_address = services["nginx"]["networks"]["default"]["ipv4_address"]
    subnet = networks["default"]["ipam"]["config"][0]["subnet"]
    assert ipaddress.ip_address(nginx_address) in ipaddress.ip_network(subnet)
    for name in (n for n in services if n.startswith("coboard")):
        env = services[name]["environment"]
        assert env["COBOARD_TRUSTED_PROXIES"] == nginx_address and "FORWARDED_ALLOW_IPS" not in env
