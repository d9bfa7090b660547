"""Run the site as production runs it, on a throwaway database, for benchmarks and tests.

    .venv/bin/python bench/serve.py --db postgres --scale 1 --processes 2

starts gunicorn with the production settings (plus bench/server_timing.py) on free
loopback ports, against a new SQLite file or a new PostgreSQL database on the
machine's server (postgres://postgres@127.0.0.1:5432/, dropped afterwards), with a
private Redis when asked, static files collected into a temporary directory and the
benchmark data set built by bench/workload.py. It serves until Ctrl-C.

From Python, `served_site(...)` is a context manager that yields a ServedSite.
Requests must carry `X-Forwarded-Proto: https` (as a TLS proxy in front would add),
since production settings redirect plain HTTP.
"""

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
POSTGRES_SERVER_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def postgres_database():
    """A new, empty PostgreSQL database; dropped (with any open connections) on exit."""
    import psycopg

    name = f"gather_bench_{secrets.token_hex(6)}"
    with psycopg.connect(f"{POSTGRES_SERVER_URL}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{POSTGRES_SERVER_URL}/{name}"
    finally:
        with psycopg.connect(f"{POSTGRES_SERVER_URL}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def private_redis(directory: Path):
    """A Redis of our own on a free port: a run never touches the machine's Redis data."""
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=directory,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port, process, "redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)


def _wait_for_port(port: int, process: subprocess.Popen, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with status {process.returncode} before it was ready")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on port {port} within {timeout} seconds")


@dataclass
class ServedSite:
    """App processes serving one throwaway site. `urls` has one base URL per process."""

    env: dict
    directory: Path
    # The checkout whose code is served: this one, or an earlier commit's worktree.
    root: Path = ROOT
    urls: list = field(default_factory=list)
    processes: list = field(default_factory=list)
    worker: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return self.urls[0]

    @property
    def mail_dir(self) -> Path:
        return Path(self.env["BENCH_MAIL_DIR"])

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        completed = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=self.root, env=self.env, capture_output=True, text=True, check=False
        )
        if check and completed.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{completed.stderr[-4000:]}")
        return completed

    def python(self, code: str):
        """Run `code` with Django set up against this site's database; return its JSON result.

        The code sets a variable named `result`.
        """
        script = (
            "import django, json, sys\n"
            "django.setup()\n"
            f"{code}\n"
            "sys.stdout.write('\\n@@RESULT@@' + json.dumps(result, default=str))\n"
        )
        completed = subprocess.run(
            [PYTHON, "-c", script], cwd=self.root, env=self.env, capture_output=True, text=True, check=False
        )
        if completed.returncode:
            raise RuntimeError(f"bench code failed:\n{completed.stdout[-2000:]}\n{completed.stderr[-4000:]}")
        return json.loads(completed.stdout.rsplit("@@RESULT@@", 1)[1])

    def start_app_process(self, *, workers: int, threads: int) -> str:
        port = free_port()
        log = open(self.directory / f"gunicorn-{port}.log", "w")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            [
                GUNICORN,
                "-c",
                str(self.root / "gather" / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "gather.wsgi",
            ],
            cwd=self.root,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        process.log = log
        self.processes.append(process)
        try:
            _wait_for_port(port, process, "gunicorn")
        except RuntimeError as error:
            log.flush()
            raise RuntimeError(f"{error}:\n{Path(log.name).read_text()[-4000:]}") from None
        url = f"http://127.0.0.1:{port}"
        _wait_until_answering(url)
        self.urls.append(url)
        return url

    def start_task_worker(self) -> subprocess.Popen:
        log = open(self.directory / "db_worker.log", "w")  # noqa: SIM115 (closed with the process)
        self.worker = subprocess.Popen(
            [PYTHON, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
            cwd=self.root,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.worker.log = log
        return self.worker

    def worker_rss_kib(self, url: str) -> list[int]:
        """The resident memory of each worker of the app process serving `url`, in KiB."""
        master = self.processes[self.urls.index(url)]
        children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
        sizes = []
        for pid in children:
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        sizes.append(int(line.split()[1]))
        return sizes

    def stop(self) -> None:
        running = [*self.processes, *([self.worker] if self.worker else [])]
        for process in running:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in running:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)
            process.log.close()


def _wait_until_answering(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        request = urllib.request.Request(url + "/", headers=PROXY_HEADERS)
        try:
            with urllib.request.urlopen(request, timeout=5):
                return
        except urllib.error.HTTPError:
            return  # any HTTP answer means Django is up
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@contextlib.contextmanager
def served_site(
    *,
    db: str = "sqlite",
    scale: int | None = 1,
    processes: int = 1,
    workers: int = 2,
    threads: int = 4,
    redis: bool = False,
    task_worker: bool = False,
    page_cache: bool = True,
    build: str | None = None,
    extra_env: dict | None = None,
    workload: str = "mixed",
    root: Path = ROOT,
):
    """Build a throwaway site, start `processes` gunicorn masters, yield a ServedSite.

    `scale` builds bench/workload.py's data set of kind `workload` at that size (None:
    no data beyond the migrations); `build` is code to run instead (see
    ServedSite.python). `root` is the checkout to serve (an earlier commit's worktree,
    run with this checkout's .venv).
    Everything is stopped and removed on exit.
    """
    directory = Path(tempfile.mkdtemp(prefix="gather-bench-"))
    with contextlib.ExitStack() as stack:
        stack.callback(shutil.rmtree, directory, ignore_errors=True)
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "SQLITE_", "EMAIL_", "AWS_"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="bench.settings",
            PYTHONPATH=str(root),
            SECRET_KEY=secrets.token_urlsafe(60),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            BASE_URL="https://127.0.0.1",
            BENCH_STATIC_ROOT=str(directory / "static"),
            BENCH_MAIL_DIR=str(directory / "mail"),
            MEDIA_ROOT=str(directory / "media"),
            TASK_BACKEND="database" if task_worker else "immediate",
            PAGE_CACHE_SECONDS="300" if page_cache else "0",
            LOG_LEVEL="WARNING",
            GUNICORN_ACCESS_LOG="",
            PYTHONUNBUFFERED="1",
        )
        if db == "postgres":
            env["DATABASE_URL"] = stack.enter_context(postgres_database())
        elif db == "sqlite":
            env["SQLITE_PATH"] = str(directory / "db.sqlite3")
        else:
            raise ValueError(f"db must be 'sqlite' or 'postgres', not {db!r}")
        if redis:
            env["REDIS_URL"] = stack.enter_context(private_redis(directory))
        env.update(extra_env or {})

        site = ServedSite(env=env, directory=directory, root=Path(root))
        site.manage("migrate", "--noinput", "-v0")
        site.manage("collectstatic", "--noinput", "-v0")
        site.workload = None
        if build:
            site.workload = site.python(build)
        elif scale:
            site.workload = site.python(
                "from bench.workload import build_workload\n"
                f"result = build_workload(scale={int(scale)}, kind={workload!r})"
            )
        stack.callback(site.stop)
        for _ in range(processes):
            site.start_app_process(workers=workers, threads=threads)
        if task_worker:
            site.start_task_worker()
        yield site


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--scale", type=int, default=1, help="size of the data set (0: none)")
    parser.add_argument("--workload", choices=["issue", "mixed"], default="issue", help="which data set")
    parser.add_argument("--processes", type=int, default=1, help="separate gunicorn masters")
    parser.add_argument("--workers", type=int, default=2, help="workers per gunicorn master")
    parser.add_argument("--redis", action="store_true", help="use a private Redis as the cache")
    parser.add_argument("--task-worker", action="store_true", help="queue tasks and run manage.py db_worker")
    args = parser.parse_args(argv)
    with served_site(
        db=args.db,
        scale=args.scale or None,
        processes=args.processes,
        workers=args.workers,
        redis=args.redis,
        task_worker=args.task_worker,
        workload=args.workload,
    ) as site:
        print("Serving (send X-Forwarded-Proto: https):", *site.urls, sep="\n  ")
        print("Press Ctrl-C to stop and remove everything.")
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
