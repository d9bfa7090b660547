"""Private servers for the fault and load tests: PostgreSQL, Redis, an SMTP sink and gunicorn.

Each one runs on a free port of 127.0.0.1 in a temporary folder and is stopped by the
test that started it. The machine's own PostgreSQL and Redis are never touched.
"""

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg

REPO = Path(__file__).resolve().parents[2]
PYTHON = Path(sys.executable)
VENV_BIN = PYTHON.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, *, timeout: float = 30.0, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before listening on {port}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port} after {timeout}s")


def find_postgres_bin() -> Path | None:
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists():
            return candidate
    found = shutil.which("initdb")
    return Path(found).resolve().parent if found else None


class PrivatePostgres:
    """A throwaway PostgreSQL cluster. initdb refuses to run as root, so as root it runs as `postgres`."""

    def __init__(self, workdir: Path):
        self.bin = find_postgres_bin()
        if self.bin is None:
            raise RuntimeError("PostgreSQL server binaries (initdb) are not installed")
        self.workdir = workdir
        self.data = workdir / "pgdata"
        self.socket_dir = workdir / "pgsocket"
        self.port = free_port()
        self.run_as = None
        if os.geteuid() == 0:
            self.run_as = pwd.getpwnam("postgres")

    def _command(self, *args):
        command = [str(self.bin / args[0]), *args[1:]]
        if self.run_as:
            return ["runuser", "-u", self.run_as.pw_name, "--", *command]
        return command

    def _chown(self, path: Path):
        if self.run_as:
            os.chown(path, self.run_as.pw_uid, self.run_as.pw_gid)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/gather"

    def init(self):
        self.workdir.mkdir(parents=True, exist_ok=True)
        self._chown(self.workdir)
        self.socket_dir.mkdir()
        self._chown(self.socket_dir)
        result = subprocess.run(
            self._command("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"),
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise RuntimeError(f"initdb failed: {result.stderr}")
        self.start()
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as connection:
            connection.execute("CREATE DATABASE gather")

    def dsn(self, database="gather") -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={database} connect_timeout=3"

    def start(self):
        options = (
            f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off -c max_connections=100"
        )
        subprocess.run(
            self._command(
                "pg_ctl",
                "-D",
                str(self.data),
                "-l",
                str(self.workdir / "postgres.log"),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            ),
            check=True,
            capture_output=True,
        )

    def stop(self, mode="fast"):
        subprocess.run(
            self._command("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop"),
            check=False,
            capture_output=True,
        )

    def restart(self, down_seconds: float = 0.0):
        self.stop("immediate")
        time.sleep(down_seconds)
        self.start()

    def query(self, sql, params=None):
        with psycopg.connect(self.dsn()) as connection:
            return connection.execute(sql, params).fetchall()


class PrivateRedis:
    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.port = free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, process=self.process)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


class SmtpSink:
    """A local SMTP server that keeps every message it receives; stop it to make sending fail."""

    def __init__(self):
        self.port = free_port()
        self.messages = []
        self._lock = threading.Lock()
        self.controller = None

    def start(self):
        from aiosmtpd.controller import Controller

        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
                with sink._lock:
                    sink.messages.append(envelope)
                return "250 Message accepted"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None

    def recipients(self):
        with self._lock:
            return [address for envelope in self.messages for address in envelope.rcpt_tos]


class Gunicorn:
    """One gunicorn master and its worker process, with the project's gunicorn.conf.py."""

    def __init__(self, env: dict, workdir: Path, *, threads: int = 4, name="app"):
        self.port = free_port()
        self.env = {
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": "1",
            "GUNICORN_THREADS": str(threads),
        }
        self.workdir = workdir
        self.name = name
        self.process = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.log = open(self.workdir / f"{self.name}.log", "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-c", "gather/gunicorn.conf.py", "gather.wsgi:application"],
            cwd=REPO,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for_port(self.port, process=self.process)
        deadline = time.monotonic() + 30
        while not self.worker_pids() and time.monotonic() < deadline:
            time.sleep(0.05)

    def log_text(self) -> str:
        return (self.workdir / f"{self.name}.log").read_text(errors="replace")

    def worker_pids(self) -> list[int]:
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError):
                # The parent pid is the 4th field, after the command name in brackets.
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == self.process.pid:
                    pids.append(int(stat.parent.name))
        return pids

    def kill_worker(self) -> int:
        pid = self.worker_pids()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        if getattr(self, "log", None):
            self.log.close()


def manage(env: dict, *args, timeout=300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
