"""Fixtures for the fault and load tests: private servers started here and stopped here.

One private PostgreSQL cluster (initdb into a temporary folder, on a free port) is
migrated once and shared by the tests in this folder; each test makes its own group
and session in it. App servers are real gunicorn processes running the production
settings. Nothing here touches the machine's own PostgreSQL or Redis.
"""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from .servers import PYTHON, REPO, Gunicorn, PrivatePostgres, PrivateRedis, SmtpSink, find_postgres_bin, manage

SECRET_KEY = "fault-tests-only-" + "k" * 50


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.parent.name == "faults":
            item.add_marker(pytest.mark.faults)


@pytest.fixture(scope="session")
def fault_workdir():
    if find_postgres_bin() is None:
        pytest.skip("PostgreSQL server binaries (initdb) are not installed: apt-get install postgresql")
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed: apt-get install redis-server")
    # Under /tmp rather than pytest's tmp_path, whose folders the postgres user cannot enter.
    workdir = Path(tempfile.mkdtemp(prefix="gather-faults-"))
    workdir.chmod(0o755)
    yield workdir
    shutil.rmtree(workdir, ignore_errors=True)


def base_env(**extra) -> dict:
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.faults.fault_settings",
        PYTHONPATH=str(REPO),
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        BASE_URL="https://127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        # Every simulated family comes through the proxy with its own address.
        TRUSTED_PROXY_COUNT="1",
        TASK_BACKEND="immediate",
        LOG_LEVEL="WARNING",
        GUNICORN_ACCESS_LOG="",
        GUNICORN_GRACEFUL_TIMEOUT="3",
    )
    env.update({name: str(value) for name, value in extra.items() if value is not None})
    return env


@pytest.fixture(scope="session")
def postgres(fault_workdir):
    server = PrivatePostgres(fault_workdir / "postgres")
    server.init()
    manage(base_env(DATABASE_URL=server.url), "migrate", "--noinput")
    yield server
    server.stop("immediate")


@pytest.fixture
def redis_server(fault_workdir, request):
    server = PrivateRedis(fault_workdir / f"redis-{request.node.name}")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp_sink():
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


def seed_session(env, *, places=12) -> dict:
    result = subprocess.run(
        [str(PYTHON), "-m", "tests.faults.seed", "--places", str(places)],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def app_servers(fault_workdir, request):
    """Start gunicorn app servers with an environment; all are stopped after the test."""
    started = []

    def start(env, count=1):
        servers = []
        for number in range(count):
            server = Gunicorn(env, fault_workdir, name=f"{request.node.name}-{number}")
            server.start()
            started.append(server)
            servers.append(server)
        return servers

    yield start
    for server in started:
        server.stop()
