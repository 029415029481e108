"""What the bench scripts share: building the load generator, a store (embedded or a throwaway PostgreSQL database),
free loopback ports, and `openmss serve` started, killed and stopped."""
import fcntl
import os
import random
import shutil
import socket
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OPENMSS = os.path.join(ROOT, "openmss")
LOAD_PROJECT = os.path.join(ROOT, "bench", "OpenMss.Load")
LOAD_DLL = os.path.join(ROOT, "artifacts", "bin", "OpenMss.Load", "release", "OpenMss.Load.dll")
DOMAIN = "operateur-a.mssante.test"
PORT_OFFSETS = (80, 143, 144, 587, 588)


def say(text):
    print("== " + text, file=sys.stderr, flush=True)


def run(args, **kwargs):
    """Runs a command to completion and returns its stdout; a failure ends the script."""
    result = subprocess.run(args, capture_output=True, text=True, timeout=600, **kwargs)
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({result.returncode}): {result.stderr.strip()}")
    return result.stdout


def ensure_load_generator():
    """Builds the load generator when it is missing or older than its sources; one build at a time across scripts."""
    os.makedirs(os.path.dirname(LOAD_DLL), exist_ok=True)
    with open(os.path.join(ROOT, "artifacts", "load-generator.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        build_if_stale()


def build_if_stale():
    sources = [os.path.join(d, f) for d, _, files in os.walk(LOAD_PROJECT) if "/obj" not in d and "/bin" not in d for f in files]
    if os.path.exists(LOAD_DLL) and os.path.getmtime(LOAD_DLL) >= max(os.path.getmtime(s) for s in sources):
        return
    say("building the load generator")
    run(["dotnet", "build", "-c", "Release", "-nologo", "-v", "quiet", "-clp:ErrorsOnly", os.path.join(LOAD_PROJECT, "OpenMss.Load.csproj")])


def load(scenario, *args):
    """The command line of one load generator run."""
    return ["dotnet", LOAD_DLL, scenario, *args]


def port_free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def free_base(extra=()):
    """A --ports-base whose operator ports (and any extra offsets) are all free."""
    while True:
        base = random.randint(20000, 50000)
        if all(port_free(base + offset) for offset in (*PORT_OFFSETS, *extra)):
            return base


def wait_for_port(port, process, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            sys.exit(f"the server exited with {process.returncode} before listening")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    sys.exit(f"the server did not listen on {port} in time")


class Postgres:
    """A throwaway database on the server OPENMSS_TEST_POSTGRES names, made and dropped with psql."""

    def __init__(self):
        spec = os.environ.get("OPENMSS_TEST_POSTGRES")
        if not spec:
            print("The postgres backend needs OPENMSS_TEST_POSTGRES, an Npgsql connection string (./test.sh sets it).", file=sys.stderr)
            sys.exit(2)
        self.parts = dict(p.split("=", 1) for p in spec.split(";") if "=" in p)
        self.name = "bench_" + str(random.randint(10**8, 10**9))
        self.psql(f"CREATE DATABASE {self.name}")
        self.connection_string = ";".join(f"{k}={v}" for k, v in dict(self.parts, Database=self.name).items())

    def psql(self, sql):
        psql = shutil.which("psql") or sorted(f"/usr/lib/postgresql/{v}/bin/psql" for v in os.listdir("/usr/lib/postgresql"))[-1]
        env = dict(os.environ, PGPASSWORD=self.parts.get("Password", ""))
        run([psql, "-h", self.parts.get("Host", "127.0.0.1"), "-p", self.parts.get("Port", "5432"), "-U", self.parts.get("Username", "postgres"),
             "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], env=env)

    def drop(self):
        self.psql(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")


def store_options(backend, work):
    """The --data/--store options for a backend, and the database to drop afterwards (or None)."""
    if backend == "postgres":
        database = Postgres()
        return ["--store", database.connection_string], database
    return ["--data", os.path.join(work, "data")], None


class Server:
    """`openmss serve` on a ports base, with its output in a log file; the wrapper execs dotnet, so pid is the server's."""

    def __init__(self, store, base, settings, log, fronts=(143, 144, 587, 588)):
        self.command = [OPENMSS, *store, "serve", "--ports-base", str(base), *settings]
        self.base = base
        self.fronts = fronts
        self.log = open(log, "ab")
        self.process = None

    def start(self):
        self.process = subprocess.Popen(self.command, stdout=self.log, stderr=self.log)
        for offset in self.fronts:
            wait_for_port(self.base + offset, self.process)
        return self

    @property
    def pid(self):
        return self.process.pid

    def kill(self):
        self.process.kill()
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill()
