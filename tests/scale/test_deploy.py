"""The deployment files are real: deploy/nginx.conf loads in Debian's nginx, deploy/compose.yaml is a
valid Compose file (the compose-spec schema, through check-jsonschema), and the two agree."""
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
    assert "$http_upgrade" in text and "$proxy_add_x_forwarded_for" in text


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
