"""Static checks of docker/Dockerfile and docker/compose.yaml.

No Docker engine runs in CI, so these tests only check that the files are
consistent with each other and with the repository (no image is built).
"""

import json
import re
import shlex
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
DOCKER_DIR = REPO / "docker"
COMPOSE_FILE = DOCKER_DIR / "compose.yaml"
DOCKERFILE = DOCKER_DIR / "Dockerfile"
DOCKERIGNORE = REPO / ".dockerignore"
ADDONS = {"cs_feedback", "cs_debt_handoff", "cs_public_reviews"}


@pytest.fixture(scope="module")
def compose():
    assert COMPOSE_FILE.is_file(), f"{COMPOSE_FILE} is missing"
    data = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{COMPOSE_FILE} does not contain a YAML mapping"
    return data


@pytest.fixture(scope="module")
def services(compose):
    services = compose.get("services")
    assert isinstance(services, dict), "compose.yaml has no 'services' mapping"
    return services


def dockerfile_instructions():
    """Return (INSTRUCTION, arguments) pairs, with line continuations joined."""
    assert DOCKERFILE.is_file(), f"{DOCKERFILE} is missing"
    instructions, current = [], ""
    for line in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if current and stripped.startswith("#"):
            continue  # comment lines inside a continued instruction
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        current += stripped
        keyword, _, args = current.partition(" ")
        instructions.append((keyword.upper(), args.strip()))
        current = ""
    assert not current, "Dockerfile ends with a dangling line continuation"
    return instructions


def copy_sources(args):
    """Source paths of a COPY/ADD instruction, or None if it copies from a stage."""
    if args.startswith("["):
        parts = json.loads(args)
    else:
        parts = shlex.split(args)
    flags = [p for p in parts if p.startswith("--")]
    paths = [p for p in parts if not p.startswith("--")]
    if any(f.startswith("--from") for f in flags):
        return None
    assert len(paths) >= 2, f"COPY/ADD needs a source and a destination: {args!r}"
    return paths[:-1]


def named_volumes_of(service):
    """Names of the named volumes a service mounts (bind mounts are skipped)."""
    names = []
    for entry in service.get("volumes", []) or []:
        if isinstance(entry, str):
            source = entry.split(":", 1)[0] if ":" in entry else None
            if source and not source.startswith((".", "/", "~", "$")):
                names.append(source)
        elif isinstance(entry, dict):
            if entry.get("type", "volume") == "volume" and entry.get("source"):
                names.append(entry["source"])
    return names


def odoo_command_args(services):
    command = services["odoo"].get("command")
    assert command, "service 'odoo' has no command"
    if isinstance(command, str):
        return shlex.split(command)
    return [str(part) for part in command]


def test_compose_has_db_and_odoo_services(services):
    missing = {"db", "odoo"} - set(services)
    assert not missing, f"compose.yaml lacks service(s): {sorted(missing)}"


def test_db_uses_postgres_16(services):
    image = str(services["db"].get("image", ""))
    assert image.startswith(
        "postgres:16"
    ), f"service 'db' should use a postgres:16 image, not {image!r}"


def test_db_healthcheck_uses_pg_isready(services):
    healthcheck = services["db"].get("healthcheck")
    assert healthcheck, "service 'db' has no healthcheck"
    test = healthcheck.get("test")
    text = " ".join(test) if isinstance(test, list) else str(test)
    assert "pg_isready" in text, f"db healthcheck does not run pg_isready: {test!r}"


def test_odoo_waits_for_healthy_db(services):
    depends_on = services["odoo"].get("depends_on")
    assert isinstance(depends_on, dict) and "db" in depends_on, (
        "service 'odoo' must depend on 'db' in the long form (with a condition), "
        f"got {depends_on!r}"
    )
    condition = (depends_on["db"] or {}).get("condition")
    assert (
        condition == "service_healthy"
    ), f"odoo should wait for db with condition service_healthy, not {condition!r}"


def test_named_volumes_are_declared(compose, services):
    declared = set((compose.get("volumes") or {}).keys())
    for name, service in services.items():
        undeclared = set(named_volumes_of(service)) - declared
        assert not undeclared, (
            f"service {name!r} uses volume(s) {sorted(undeclared)} that are not "
            "declared under the top-level 'volumes' key"
        )


def test_build_context_and_dockerfile_exist(services):
    build = services["odoo"].get("build")
    assert isinstance(build, dict), "service 'odoo' needs a build mapping"
    context = (COMPOSE_FILE.parent / build.get("context", ".")).resolve()
    assert context == REPO, f"odoo build context should be the repo root, is {context}"
    dockerfile = context / build.get("dockerfile", "Dockerfile")
    assert dockerfile.is_file(), f"odoo build dockerfile {dockerfile} does not exist"
    assert (
        dockerfile.resolve() == DOCKERFILE
    ), f"odoo is built from {dockerfile}, expected {DOCKERFILE}"


def test_dockerfile_is_based_on_odoo_18():
    froms = [args for keyword, args in dockerfile_instructions() if keyword == "FROM"]
    assert froms, "Dockerfile has no FROM instruction"
    image = froms[0].split()[0]
    assert (
        image == "odoo:18.0"
    ), f"Dockerfile should start FROM odoo:18.0, not {image!r}"


def test_dockerfile_copy_sources_exist():
    ignored = set()
    if DOCKERIGNORE.is_file():
        ignored = {
            line.strip().strip("/")
            for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        }
    copies = [
        args
        for keyword, args in dockerfile_instructions()
        if keyword in ("COPY", "ADD")
    ]
    assert copies, "Dockerfile copies nothing from the repository"
    for args in copies:
        sources = copy_sources(args)
        if sources is None:
            continue
        for source in sources:
            path = REPO / source
            assert (
                path.exists()
            ), f"Dockerfile copies {source!r}, which does not exist in the repository"
            top = Path(source).parts[0]
            assert (
                top not in ignored
            ), f"Dockerfile copies {source!r}, but .dockerignore excludes {top!r}"


def test_odoo_command_installs_the_three_addons(services):
    args = odoo_command_args(services)
    modules = None
    for i, arg in enumerate(args):
        if arg in ("-i", "--init") and i + 1 < len(args):
            modules = args[i + 1]
        elif re.match(r"^(-i|--init=)\S", arg):
            modules = re.sub(r"^(-i|--init=)", "", arg)
    assert modules is not None, f"odoo command has no -i/--init option: {args!r}"
    names = {m.strip() for m in modules.split(",") if m.strip()}
    assert (
        names == ADDONS
    ), f"odoo command installs {sorted(names)}, expected exactly {sorted(ADDONS)}"
    for name in sorted(names):
        manifest = REPO / "addons" / name / "__manifest__.py"
        assert (
            manifest.is_file()
        ), f"addon {name!r} is installed by compose but {manifest} does not exist"


# --- multi-node variant (docker/compose.multinode.yaml) ------------------------------

MULTINODE_FILE = DOCKER_DIR / "compose.multinode.yaml"
NGINX_CONF = DOCKER_DIR / "nginx-multinode.conf"


class _ComposeLoader(yaml.SafeLoader):
    """YAML with compose's ``!reset`` tag (an override that empties a list)."""


_ComposeLoader.add_constructor("!reset", lambda loader, node: [])


@pytest.fixture(scope="module")
def multinode():
    assert MULTINODE_FILE.is_file(), f"{MULTINODE_FILE} is missing"
    data = yaml.load(MULTINODE_FILE.read_text(encoding="utf-8"), _ComposeLoader)  # noqa: S506
    return data["services"]


def _args(service):
    command = service.get("command") or []
    return (
        shlex.split(command) if isinstance(command, str) else [str(c) for c in command]
    )


def test_multinode_runs_two_odoo_nodes_of_one_image(services, multinode):
    assert {"odoo", "odoo2", "proxy"} <= set(multinode)
    assert multinode["odoo2"]["build"] == services["odoo"]["build"]
    for name in ("odoo", "odoo2"):
        args = _args(multinode[name])
        assert "--proxy-mode" in args, f"{name} must trust the proxy's headers"
        assert "--workers=2" in args and "--max-cron-threads=1" in args, name
        assert "cs_demo" in args, f"{name} must serve the shared database"
    # only the first node installs; the second waits for it to be healthy
    assert "-i" in _args(multinode["odoo"]) and "-i" not in _args(multinode["odoo2"])
    assert multinode["odoo2"]["depends_on"]["odoo"]["condition"] == "service_healthy"
    assert "healthcheck" in multinode["odoo"]


def test_multinode_shares_database_and_filestore(services, multinode):
    assert multinode["odoo2"]["environment"] == services["odoo"]["environment"]
    shared = named_volumes_of(services["odoo"])
    assert shared and named_volumes_of(multinode["odoo2"]) == shared
    assert any(v.endswith(":/var/lib/odoo") for v in multinode["odoo2"]["volumes"])


def test_multinode_proxy_is_sticky_and_routes_the_websocket(multinode):
    proxy = multinode["proxy"]
    assert str(proxy["image"]).startswith("nginx")
    mounted = [v.split(":")[0] for v in proxy["volumes"]]
    assert "./nginx-multinode.conf" in mounted
    assert multinode["odoo"].get("ports") == [], "only the proxy is published"
    conf = NGINX_CONF.read_text(encoding="utf-8")
    assert conf.count("hash $cookie_session_id consistent;") == 2
    for upstream in ("odoo:8069", "odoo2:8069", "odoo:8072", "odoo2:8072"):
        assert f"server {upstream};" in conf
    assert "location /websocket" in conf and "X-Forwarded-For" in conf
