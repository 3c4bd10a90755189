"""Production smoke run: the shipped deploy/ files, started for real on loopback.

    make smoke            # or: .venv/bin/python deploy/smoke.py

Starts, on free loopback ports and in a temporary directory: Debian's nginx with
deploy/nginx/*.conf (ports, paths and certificate substituted) and a self-signed
certificate, in front of two gunicorn app servers (deploy/gunicorn.conf.py,
production settings), one task worker (db_worker), the scheduler, a Redis of its
own and a fake email provider speaking Postmark's API; on a new PostgreSQL
database at 127.0.0.1:5432 (user postgres, trust auth). Then checks the site
through nginx over HTTPS and the app servers directly, prints one PASS/FAIL line
per check and exits non-zero if any failed. Everything it started is stopped and
its databases dropped at the end, pass or fail.

Needs nginx (/usr/sbin/nginx), redis-server, openssl, psql, pg_dump, pg_restore.
The smoke environment switches off staff two-factor (REQUIRE_STAFF_MFA=false) so
that it can publish through the admin, and sets the health windows short.
"""

import atexit
import contextlib
import http.server
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from html import unescape
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
PYTHON = sys.executable
BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
HOST = "smoke.keepitlocal.test"
PG = {"host": "127.0.0.1", "port": "5432", "user": "postgres"}
ADMIN = ("admin@keepitlocal.example", "demo-admin-password")  # load_demo_content's
WORKER_STALE_SECONDS = 20
# The scheduler enqueues a heartbeat once a minute: a window under 60 s would call
# a healthy scheduler stale for part of every minute.
SCHEDULER_STALE_SECONDS = 70
# nginx's microcache (5 s as shipped) is lengthened here so that a fresh page can
# only come from the purge, never from the entry expiring.
MICROCACHE_SECONDS = 60
CLIENT = "203.0.113.50"  # the client address of the rate-limit check (TEST-NET-3)

RESULTS: list[tuple[str, bool, str]] = []
STARTED = time.monotonic()


def say(message):
    print(f"[{time.monotonic() - STARTED:6.1f}s] {message}", flush=True)


def record(name, ok, figures=""):
    RESULTS.append((name, ok, figures))
    print(f"{'PASS' if ok else 'FAIL'}  {name}" + (f"  ({figures})" if figures else ""), flush=True)
    return ok


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout, interval=0.5):
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(Exception):
            value = predicate()
            if value:
                return value
        if time.monotonic() > deadline:
            return None
        time.sleep(interval)


def port_open(port):
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


# ---------------------------------------------------------------- processes


class Process:
    """One started program in a process group of its own, logging to a file."""

    running: list["Process"] = []

    def __init__(self, name, argv, env, logs):
        self.name = name
        self.log = logs / f"{name}.log"
        with open(self.log, "ab") as out:
            self.popen = subprocess.Popen(
                argv,
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        Process.running.append(self)

    def signal(self, signum):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signum)

    def kill(self):
        self.signal(signal.SIGKILL)
        self.popen.wait()
        with contextlib.suppress(ValueError):
            Process.running.remove(self)

    def stop(self):
        self.signal(signal.SIGCONT)
        self.signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=8)
        self.kill()  # the group's stragglers too

    def tail(self, lines=25):
        with contextlib.suppress(OSError):
            text = self.log.read_text(errors="replace").splitlines()[-lines:]
            return "\n".join(f"    {line}" for line in text)
        return ""


# ---------------------------------------------------------------- fake ESP


class FakePostmark(http.server.ThreadingHTTPServer):
    """Postmark's /email and /email/batch, keeping what it was sent."""

    daemon_threads = True

    def __init__(self, token):
        self.token = token
        self.messages: list[dict] = []
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), PostmarkHandler)

    def for_address(self, address):
        with self.lock:
            return [m for m in self.messages if address.lower() in m["To"].lower()]


class PostmarkHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        if self.headers.get("X-Postmark-Server-Token") != self.server.token:
            return self.answer(401, {"ErrorCode": 10, "Message": "Bad token"})
        path = self.path.rstrip("/")
        if path not in ("/email", "/email/batch"):
            return self.answer(404, {"ErrorCode": 404, "Message": "Unknown path"})
        batch = path == "/email/batch"
        replies = []
        for message in body if batch else [body]:
            received = {**message, "received_at": time.monotonic()}
            with self.server.lock:
                self.server.messages.append(received)
            replies.append(
                {
                    "To": message.get("To", ""),
                    "SubmittedAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                    "MessageID": str(uuid.uuid4()),
                    "ErrorCode": 0,
                    "Message": "OK",
                }
            )
        self.answer(200, replies if batch else replies[0])

    def answer(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


# ---------------------------------------------------------------- HTTP client


class Client:
    """A browser of sorts: its own cookies (sent over http to the app servers too,
    as nginx would pass them), Host and, talking to an app server directly, the
    X-Forwarded-* headers nginx sets."""

    def __init__(self, base, *, verify=True, forwarded_for=None):
        self.base = base
        self.verify = verify
        self.forwarded_for = forwarded_for
        self.cookies: dict[str, str] = {}
        self.http = requests.Session()

    def headers(self, referer_path):
        headers = {"Host": HOST, "User-Agent": "kiln-smoke"}
        if self.forwarded_for:
            headers["X-Forwarded-For"] = self.forwarded_for
            headers["X-Forwarded-Proto"] = "https"
        if referer_path:
            headers["Referer"] = f"https://{HOST}{referer_path}"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    def request(self, method, path, *, data=None, referer=None, follow=True, timeout=15):
        for _ in range(6):
            response = self.http.request(
                method,
                self.base + path,
                data=data,
                headers=self.headers(referer),
                allow_redirects=False,
                verify=self.verify,
                timeout=timeout,
            )
            for cookie in response.cookies:
                self.cookies[cookie.name] = cookie.value
            location = response.headers.get("Location")
            if not (follow and location and response.status_code in (301, 302, 303)):
                return response
            path = re.sub(r"^https?://[^/]+", "", location)
            method, data, referer = "GET", None, None
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post_form(self, path, fields, *, form_path=None, **kwargs):
        """GET the form for its CSRF token, then POST it."""
        page = self.get(form_path or path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if not token:
            raise AssertionError(f"no CSRF token in {form_path or path} ({page.status_code})")
        data = {"csrfmiddlewaretoken": token.group(1), **fields}
        return self.request("POST", path, data=data, referer=form_path or path, **kwargs)


def verification_code(message):
    """allauth's code: 8 letters or digits, dashed in the middle (ABCD-EFGH)."""
    body = (message.get("TextBody") or "") + unescape(message.get("HtmlBody") or "")
    found = re.search(r"(?<![\w-])([A-Z0-9]{4}-[A-Z0-9]{4})(?![\w-])", body)
    if not found:
        raise AssertionError(f"no verification code in the email: {body[:300]!r}")
    return found.group(1)


# ---------------------------------------------------------------- the run


class Smoke:
    def __init__(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="kiln-smoke-"))
        # nginx's workers (nobody when started as root) read static files and renditions.
        self.tmp.chmod(0o755)
        self.logs = self.tmp / "logs"
        self.logs.mkdir()
        self.databases: list[str] = []
        self.esp = None
        self.database = f"kiln_smoke_{os.getpid()}_{secrets.token_hex(3)}"
        self.ports = {
            name: free_port()
            for name in ("app1", "app2", "app3", "redis", "https", "http", "purge")
        }
        self.token = secrets.token_hex(8)
        self.passed = False

    # -- set-up

    def env(self, **overrides):
        base = {
            key: os.environ[key]
            for key in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "USER")
            if key in os.environ
        }
        base.update(
            PYTHONUNBUFFERED="1",
            DJANGO_SETTINGS_MODULE="network_site.settings.production",
            SECRET_KEY=self.secret_key,
            ALLOWED_HOSTS=HOST,
            CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
            WAGTAILADMIN_BASE_URL=f"https://{HOST}",
            DATABASE_URL=self.database_url(self.database),
            REDIS_URL=f"redis://127.0.0.1:{self.ports['redis']}/0",
            CACHE_KEY_PREFIX="kiln-smoke",
            PAGE_CACHE_SECONDS="600",
            FRONTEND_CACHE_PURGE_URL=f"http://127.0.0.1:{self.ports['purge']}",
            EMAIL_BACKEND="anymail.backends.postmark.EmailBackend",
            ANYMAIL_POSTMARK_SERVER_TOKEN=self.token,
            ANYMAIL_POSTMARK_API_URL=f"http://127.0.0.1:{self.esp.server_address[1]}/",
            ANYMAIL_WEBHOOK_SECRET=f"smoke:{secrets.token_hex(8)}",
            DEFAULT_FROM_EMAIL="Keep it Local Network <hello@keepitlocal.example>",
            STRIPE_SECRET_KEY="sk_test_smoke",
            STRIPE_PUBLISHABLE_KEY="pk_test_smoke",
            STRIPE_WEBHOOK_SECRET="whsec_smoke",
            STRIPE_LIVE_MODE="false",
            TASKS_BACKEND="django_tasks_db.DatabaseBackend",
            STATIC_ROOT=str(self.tmp / "static"),
            MEDIA_ROOT=str(self.tmp / "media"),
            DJANGO_DEBUG="false",
            REQUIRE_STAFF_MFA="false",
            TRUSTED_PROXY_COUNT="1",
            HEALTH_WORKER_STALE_SECONDS=str(WORKER_STALE_SECONDS),
            HEALTH_SCHEDULER_STALE_SECONDS=str(SCHEDULER_STALE_SECONDS),
            GUNICORN_WORKERS="2",
            LOG_LEVEL="WARNING",
        )
        base.update(overrides)
        return base

    def database_url(self, name):
        return f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{name}"

    def run(self, name, argv, env=None, timeout=300):
        with open(self.logs / f"{name}.log", "ab") as out:
            done = subprocess.run(
                argv,
                cwd=ROOT,
                env=env or self.env(),
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                check=False,
            )
        if done.returncode:
            raise AssertionError(
                f"{name} failed ({done.returncode}):\n" + Path(out.name).read_text()[-3000:]
            )

    def manage(self, name, *args, env=None, timeout=300):
        self.run(name, [PYTHON, "manage.py", *args], env=env, timeout=timeout)

    def shell(self, code, env=None):
        done = subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env=env or self.env(),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if done.returncode:
            raise AssertionError(f"manage.py shell failed:\n{done.stderr[-3000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def psql(self, sql):
        subprocess.run(
            [
                "psql",
                "-h",
                PG["host"],
                "-p",
                PG["port"],
                "-U",
                PG["user"],
                "-d",
                "postgres",
                "-v",
                "ON_ERROR_STOP=1",
                "-qAtc",
                sql,
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def set_up(self):
        for tool in (NGINX, "redis-server", "openssl", "psql", "pg_dump", "pg_restore"):
            if not shutil.which(tool):
                raise AssertionError(f"{tool} is not installed")
        self.secret_key = secrets.token_urlsafe(64)
        self.esp = FakePostmark(self.token)
        threading.Thread(target=self.esp.serve_forever, daemon=True).start()

        say(f"temporary directory {self.tmp}, database {self.database}")
        self.certificate()
        self.start_redis()
        self.psql(f"CREATE DATABASE {self.database}")
        self.databases.append(self.database)
        say("migrate, demo content, setup_site, collectstatic")
        self.manage("migrate", "migrate", "--noinput")
        self.manage("load_demo_content", "load_demo_content", "--force")
        env = self.env(DJANGO_SUPERUSER_PASSWORD=secrets.token_urlsafe(16))
        self.manage("setup_site", "setup_site", "--superuser-email", ADMIN[0], "--noinput", env=env)
        self.manage("collectstatic", "collectstatic", "--noinput")

        say("starting two app servers, the worker, the scheduler and nginx")
        self.app1 = self.start_app("app1")
        self.app2 = self.start_app("app2")
        self.worker = Process("worker", [PYTHON, "manage.py", "db_worker"], self.env(), self.logs)
        self.scheduler = Process(
            "scheduler", [PYTHON, "manage.py", "run_scheduler"], self.env(), self.logs
        )
        self.start_nginx()
        for name in ("app1", "app2"):
            if not wait_for(lambda name=name: self.health(self.direct(name)), 60):
                raise AssertionError(f"{name} did not answer /healthz")
        if not wait_for(lambda: port_open(self.ports["https"]), 20):
            raise AssertionError("nginx did not start")
        self.article = self.shell(
            "import json; from blog.models import BlogPage; "
            "p = BlogPage.objects.live().public().order_by('-first_published_at').first(); "
            "print(json.dumps({'id': p.id, 'url': p.get_url_parts()[2], 'title': p.title}))"
        )
        say(f"article: {self.article['url']} ({self.article['title']!r})")

    def certificate(self):
        self.cert = self.tmp / "cert.pem"
        self.key = self.tmp / "key.pem"
        self.run(
            "openssl",
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-keyout",
                str(self.key),
                "-out",
                str(self.cert),
                "-subj",
                f"/CN={HOST}",
                "-addext",
                f"subjectAltName=DNS:{HOST},IP:127.0.0.1",
            ],
        )

    def start_redis(self):
        self.redis = Process(
            "redis",
            [
                "redis-server",
                "--port",
                str(self.ports["redis"]),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.tmp),
            ],
            self.env(),
            self.logs,
        )
        if not wait_for(lambda: port_open(self.ports["redis"]), 10):
            raise AssertionError("redis-server did not start")

    def start_app(self, name, env=None):
        return Process(
            name,
            [
                str(BIN / "gunicorn"),
                "network_site.wsgi",
                "--config",
                "deploy/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.ports[name]}",
            ],
            env or self.env(GUNICORN_PROC_NAME=f"kiln-smoke-{name}"),
            self.logs,
        )

    def nginx_config(self):
        """deploy/nginx/*.conf with this run's ports, paths and certificate: each
        substitution must find its text, so a changed shipped file fails here."""
        substitutions = [
            ("127.0.0.1:8001", f"127.0.0.1:{self.ports['app1']}"),
            ("127.0.0.1:8002", f"127.0.0.1:{self.ports['app2']}"),
            ("listen 80;", f"listen 127.0.0.1:{self.ports['http']};"),
            ("listen [::]:80;", ""),
            ("listen 443 ssl", f"listen 127.0.0.1:{self.ports['https']} ssl"),
            ("listen [::]:443 ssl http2;", ""),
            ("www.example.org;", f"{HOST};"),
            ("/etc/letsencrypt/live/www.example.org/fullchain.pem", str(self.cert)),
            ("/etc/letsencrypt/live/www.example.org/privkey.pem", str(self.key)),
            ("/srv/keepitlocal/static/", f"{self.tmp}/static/"),
            ("/srv/keepitlocal/media/images/", f"{self.tmp}/media/images/"),
            ("root /var/www/html;", f"root {self.tmp}/acme;"),
            ("/var/cache/nginx/keepitlocal", f"{self.tmp}/nginx-cache"),
            ("listen 127.0.0.1:8080;", f"listen 127.0.0.1:{self.ports['purge']};"),
            ("proxy_cache_valid 200 5s;", f"proxy_cache_valid 200 {MICROCACHE_SECONDS}s;"),
        ]
        text = (DEPLOY / "nginx" / "upstream.conf").read_text()
        text += (DEPLOY / "nginx" / "keepitlocal.conf").read_text()
        for old, new in substitutions:
            if old not in text:
                raise AssertionError(f"deploy/nginx no longer has {old!r}: update smoke.py")
            text = text.replace(old, new)
        mime_types = Path("/etc/nginx/mime.types")
        types = f"include {mime_types};" if mime_types.exists() else ""
        t = self.tmp
        # Debian's dynamic modules (the cache purge module among them), whose
        # load_module paths are relative to nginx's prefix, here this run's directory.
        system_modules = Path("/usr/share/nginx/modules")
        if system_modules.exists() and not (self.tmp / "modules").exists():
            (self.tmp / "modules").symlink_to(system_modules.resolve())
        modules = "include /etc/nginx/modules-enabled/*.conf;"
        return f"""
{modules}
pid {t}/nginx.pid;
error_log {t}/logs/nginx-error.log warn;
worker_processes 2;
events {{ worker_connections 512; }}
http {{
    {types}
    default_type application/octet-stream;
    access_log {t}/logs/nginx-access.log;
    client_body_temp_path {t}/nginx-body;
    proxy_temp_path {t}/nginx-proxy;
    fastcgi_temp_path {t}/nginx-fastcgi;
    uwsgi_temp_path {t}/nginx-uwsgi;
    scgi_temp_path {t}/nginx-scgi;
{text}
}}
"""

    def start_nginx(self):
        conf = self.tmp / "nginx.conf"
        conf.write_text(self.nginx_config())
        argv = [NGINX, "-p", str(self.tmp), "-e", str(self.logs / "nginx-error.log")]
        argv += ["-c", str(conf)]
        self.run("nginx-test", [*argv, "-t"])
        self.nginx = Process("nginx", [*argv, "-g", "daemon off;"], self.env(), self.logs)

    # -- helpers

    def direct(self, name, forwarded_for="198.51.100.7"):
        return Client(f"http://127.0.0.1:{self.ports[name]}", forwarded_for=forwarded_for)

    def through_nginx(self):
        return Client(f"https://127.0.0.1:{self.ports['https']}", verify=str(self.cert))

    def health(self, client):
        response = client.get("/healthz", timeout=5)
        return response.json() if response.status_code in (200, 503) else None

    def sign_up(self, client, email, password):
        response = client.post_form(
            "/accounts/signup/", {"email": email, "password1": password, "password2": password}
        )
        if response.status_code != 200 or "confirm-email" not in response.url:
            raise AssertionError(
                f"sign-up of {email} ended at {response.url} ({response.status_code})"
            )
        return time.monotonic()

    def wait_for_email(self, address, timeout=30):
        messages = wait_for(lambda: self.esp.for_address(address), timeout, interval=0.1)
        if not messages:
            raise AssertionError(f"no email reached the provider for {address}")
        return messages[0]

    # -- the checks

    def check_pages(self):
        client = self.through_nginx()
        wanted = {
            "Strict-Transport-Security": lambda v: "max-age=" in v,
            "Content-Security-Policy": lambda v: "default-src" in v,
            "X-Content-Type-Options": lambda v: v == "nosniff",
            "Referrer-Policy": lambda v: bool(v),
        }
        problems = []
        pages = {}
        for path in ("/", self.article["url"]):
            response = client.get(path)
            pages[path] = response
            if response.status_code != 200:
                problems.append(f"{path}: {response.status_code}")
                continue
            for header, good in wanted.items():
                if not good(response.headers.get(header, "")):
                    problems.append(f"{path}: {header}={response.headers.get(header)!r}")
            framing = response.headers.get("X-Frame-Options", "")
            if framing.upper() != "DENY" and "frame-ancestors 'none'" not in response.headers.get(
                "Content-Security-Policy", ""
            ):
                problems.append(f"{path}: may be framed")
        title_ok = self.article["title"] in unescape(pages[self.article["url"]].text)
        record(
            "home page and an article over HTTPS with the security headers",
            not problems and title_ok,
            "; ".join(problems) or "HSTS, CSP, nosniff, Referrer-Policy, X-Frame-Options DENY",
        )

        # Port 80 sends readers to HTTPS; static files and renditions come from disk.
        plain = requests.get(
            f"http://127.0.0.1:{self.ports['http']}/blog/",
            headers={"Host": HOST},
            allow_redirects=False,
            timeout=5,
        )
        html = pages["/"].text + pages[self.article["url"]].text
        static = re.search(r'(/static/[^"\'?#]+\.css)', html)
        rendition = re.search(r'(/media/images/[^"\'?# ]+)', html)
        originals = sorted((self.tmp / "media" / "original_images").glob("*"))
        results = {"http": plain.status_code}
        if static:
            answer = client.get(static.group(1))
            results["static"] = answer.status_code
            results["static_cache"] = answer.headers.get("Cache-Control", "")
        if rendition:
            results["rendition"] = client.get(rendition.group(1)).status_code
        if originals:
            results["original"] = client.get(
                f"/media/original_images/{originals[0].name}"
            ).status_code
        ok = (
            plain.status_code == 301
            and plain.headers.get("Location", "").startswith(f"https://{HOST}/")
            and results.get("static") == 200
            and results.get("rendition") == 200
            and results.get("original") == 404
        )
        record(
            "nginx: http→https, static and image renditions from disk, originals not served",
            ok,
            ", ".join(f"{k} {v}" for k, v in results.items()),
        )

    def check_signup_email(self):
        client = self.through_nginx()
        email = f"reader-{secrets.token_hex(3)}@example.org"
        try:
            sent = self.sign_up(client, email, secrets.token_urlsafe(12))
            message = self.wait_for_email(email)
            seconds = message["received_at"] - sent
            code = verification_code(message)
            record(
                "sign-up's verification email handed to the ESP by the worker",
                True,
                f"delivered in {seconds:.1f} s, subject {message.get('Subject')!r}, code {code}",
            )
        except AssertionError as error:
            record(
                "sign-up's verification email handed to the ESP by the worker", False, str(error)
            )

    def check_shared_session(self):
        """Sign up on app server 1, confirm the emailed code on app server 2: the
        account and the session are seen by both."""
        name = "registration on app server 1 seen by app server 2"
        email = f"member-{secrets.token_hex(3)}@example.org"
        client = self.direct("app1")
        try:
            self.sign_up(client, email, secrets.token_urlsafe(12))
            code = verification_code(self.wait_for_email(email))
            client.base = self.direct("app2").base
            confirmed = client.post_form("/accounts/confirm-email/", {"code": code})
            seen = {}
            for server in ("app2", "app1"):
                client.base = self.direct(server).base
                page = client.get("/accounts/email/")
                seen[server] = page.status_code == 200 and email in unescape(page.text)
            record(
                name,
                confirmed.status_code == 200 and all(seen.values()),
                f"signed up on 1, code confirmed on 2 → {confirmed.url.split('//')[-1]}; "
                f"signed in as {email} on 2: {seen['app2']}, on 1: {seen['app1']}",
            )
        except AssertionError as error:
            record(name, False, str(error))

    def check_rate_limit(self):
        """allauth's login_failed limit (10 a minute per client address), counted
        in Redis: attempts alternate between the app servers, X-Forwarded-For as
        nginx sets it."""
        limited_text = "Too many failed login attempts"
        outcomes = []
        for attempt in range(12):
            server = ("app1", "app2")[attempt % 2]
            client = self.direct(server, forwarded_for=CLIENT)
            response = client.post_form(
                "/accounts/login/",
                {"login": f"nobody-{attempt}@example.org", "password": "wrong-password"},
                follow=False,
            )
            outcomes.append(limited_text in response.text or response.status_code == 429)
        first_limited = outcomes.index(True) + 1 if True in outcomes else None
        other = self.direct("app2", forwarded_for="203.0.113.51").post_form(
            "/accounts/login/",
            {"login": "nobody-else@example.org", "password": "wrong-password"},
            follow=False,
        )
        other_limited = limited_text in other.text or other.status_code == 429
        record(
            "sign-in rate limit counts the client address across both app servers",
            first_limited == 11 and all(outcomes[10:]) and not other_limited,
            f"12 wrong passwords from {CLIENT} alternating 1/2: first refused at attempt "
            f"{first_limited} (limit 10/m/ip); another address refused: {other_limited}",
        )

    def save_draft_title(self, new_title):
        """A draft of the article with a new title (drafts change nothing a reader sees)."""
        self.shell(
            "import json; from blog.models import BlogPage; "
            f"p = BlogPage.objects.get(id={self.article['id']}); p.title = {new_title!r}; "
            "p.save_revision(); print(json.dumps(True))"
        )

    def wait_for_idle_worker(self, timeout=20):
        """Until the worker has run every task that is due (a purge of the frontend
        cache from an earlier check, say)."""
        code = (
            "import json; from django_tasks_db.models import DBTaskResult as T; "
            "print(json.dumps((T.objects.ready() | T.objects.running()).exists()))"
        )
        deadline = time.monotonic() + timeout
        while self.shell(code) and time.monotonic() < deadline:
            time.sleep(0.5)

    def admin_on_app1(self):
        admin = self.direct("app1")
        signed_in = admin.post_form("/accounts/login/", {"login": ADMIN[0], "password": ADMIN[1]})
        return admin, signed_in

    def publish_through_admin(self, admin):
        """The admin's "Publish" action for the article, over HTTP."""
        action = f"/admin/bulk/wagtailcore/page/publish/?id={self.article['id']}"
        return admin.post_form(action, {}, follow=False)

    def check_page_cache(self):
        """Warm the page cache through app server 2, publish a new title through
        the admin of app server 1, read it at once through app server 2."""
        name = "publish through app server 1 seen at once through app server 2"
        url = self.article["url"]
        reader = self.direct("app2")
        try:
            reader.get(url)
            warm = reader.get(url)
            new_title = f"Smoke {secrets.token_hex(3)}: {self.article['title']}"[:200]
            self.save_draft_title(new_title)
            draft_hidden = new_title not in unescape(reader.get(url).text)
            # Published by the admin's "Publish" action, over HTTP on app server 1.
            admin, signed_in = self.admin_on_app1()
            published = self.publish_through_admin(admin)
            after = reader.get(url)
            seen = new_title in unescape(after.text)
            record(
                name,
                warm.headers.get("X-Page-Cache") == "hit"
                and draft_hidden
                and published.status_code == 302
                and seen,
                f"cache {warm.headers.get('X-Page-Cache')} before; draft hidden: {draft_hidden}; "
                f"admin sign-in {signed_in.status_code}, publish {published.status_code}; "
                f"new title on 2: {seen} (cache {after.headers.get('X-Page-Cache')})",
            )
            self.article["title"] = new_title
        except AssertionError as error:
            record(name, False, str(error))

    def check_microcache(self):
        """nginx keeps an anonymous page for a few seconds (a HIT), and a publish
        purges it there through the worker (Wagtail's frontend cache), well before
        it would expire: the next reader gets the new page as a MISS, not EXPIRED."""
        name = "nginx microcache: a hit, purged by a publish"
        url = self.article["url"]
        reader = self.through_nginx()
        try:
            self.wait_for_idle_worker()
            reader.get(url)
            warm = reader.get(url)
            new_title = f"Micro {secrets.token_hex(3)}: {self.article['title']}"[:200]
            self.save_draft_title(new_title)
            admin, _signed_in = self.admin_on_app1()
            stale = reader.get(url)
            published_at = time.monotonic()
            self.publish_through_admin(admin)
            fresh = wait_for(
                lambda: (r := reader.get(url)) and new_title in unescape(r.text) and r,
                15,
                interval=0.1,
            )
            seconds = time.monotonic() - published_at
            status = fresh.headers.get("X-Proxy-Cache") if fresh else None
            record(
                name,
                warm.headers.get("X-Proxy-Cache") == "HIT"
                and stale.headers.get("X-Proxy-Cache") == "HIT"
                and bool(fresh)
                and status == "MISS",
                f"{warm.headers.get('X-Proxy-Cache')} before, {stale.headers.get('X-Proxy-Cache')} "
                "after the draft; the published title through nginx "
                f"{seconds:.1f} s after the publish, as a {status} "
                f"(microcache {MICROCACHE_SECONDS} s here)",
            )
            self.article["title"] = new_title
        except AssertionError as error:
            record(name, False, str(error))

    def check_failover(self, seconds=10.0, threads=4, kill_after=3.0):
        paths = ["/", "/blog/", self.article["url"], "/events/"]
        counts = {"sent": 0, "failed": 0}
        errors: list[str] = []
        lock = threading.Lock()
        stop_at = time.monotonic() + seconds

        def load(index):
            client = self.through_nginx()
            n = index
            while time.monotonic() < stop_at:
                path = paths[n % len(paths)]
                n += 1
                try:
                    status = client.get(path, follow=False, timeout=10).status_code
                    failed = status != 200
                    if failed:
                        error = f"{path} {status}"
                except requests.RequestException as exc:
                    failed, error = True, f"{path} {type(exc).__name__}"
                with lock:
                    counts["sent"] += 1
                    if failed:
                        counts["failed"] += 1
                        errors.append(error)

        workers = [threading.Thread(target=load, args=(i,)) for i in range(threads)]
        for worker in workers:
            worker.start()
        time.sleep(kill_after)
        self.app1.kill()  # SIGKILL to the app server's whole process group
        killed_at = counts["sent"]
        for worker in workers:
            worker.join()
        record(
            "one app server SIGKILLed under load: nginx sends the rest to the other",
            counts["failed"] == 0 and counts["sent"] > killed_at,
            f"{threads} threads for {seconds:.0f} s: {counts['sent']} GETs sent, "
            f"{counts['failed']} failed, app server 1 killed after {killed_at}"
            + (f"; {errors[:5]}" if errors else ""),
        )
        self.app1 = self.start_app("app1")
        wait_for(lambda: self.health(self.direct("app1")), 30)

    def check_redis_outage(self):
        name = "Redis stopped and started: pages answer, /healthz degraded then healthy"
        client = self.through_nginx()
        self.redis.stop()
        pages = [client.get(path, follow=False).status_code for path in ("/", self.article["url"])]
        degraded = wait_for(
            lambda: (
                (h := self.health(client))
                and h.get("status") == "degraded"
                and h.get("cache") == "unavailable"
                and h
            ),
            20,
        )
        pages += [client.get(path, follow=False).status_code for path in ("/blog/", "/")]
        health_status = client.get("/healthz").status_code
        self.start_redis()
        started = time.monotonic()

        def healthy_twice():  # both app servers, through nginx's round robin
            return all(self.health(client).get("status") == "ok" for _ in range(4))

        healthy = wait_for(healthy_twice, 45)
        back_after = time.monotonic() - started
        record(
            name,
            all(code == 200 for code in pages)
            and bool(degraded)
            and health_status == 200
            and bool(healthy),
            f"pages while down {pages}; healthz {health_status} {degraded or self.health(client)}; "
            f"'ok' again {back_after:.1f} s after Redis restarted: {bool(healthy)}",
        )

    def check_backup_restore(self):
        name = "backup.sh and restore.sh: the same article and member count on the restored copy"
        restored = f"{self.database}_restored"
        backups = self.tmp / "backups"
        env = self.env(
            BACKUP_DIR=str(backups), BACKUP_KEEP_DAYS="7", KEEPITLOCAL_ENV_FILE="/nonexistent"
        )
        expired = backups / "20000101T000000Z"  # older than BACKUP_KEEP_DAYS: pruned
        expired.mkdir(parents=True)
        try:
            self.run("backup", ["bash", str(DEPLOY / "backup.sh")], env=env)
            pruned = not expired.exists()
            (backup,) = [p for p in backups.iterdir() if not p.name.startswith(".")]
            media = self.tmp / "media-restored"
            restore_env = self.env(PGHOST=PG["host"], PGPORT=PG["port"], PGUSER=PG["user"])
            self.databases.append(restored)
            self.run(
                "restore",
                ["bash", str(DEPLOY / "restore.sh"), str(backup), restored, str(media)],
                env=restore_env,
            )
            count = (
                "import json; from members.models import User, Membership; "
                "print(json.dumps([User.objects.count(), Membership.objects.count()]))"
            )
            copy_env = self.env(
                DATABASE_URL=self.database_url(restored),
                MEDIA_ROOT=str(media),
                CACHE_KEY_PREFIX="kiln-smoke-restored",  # its pages, not the live site's
                GUNICORN_PROC_NAME="kiln-smoke-app3",
            )
            live_counts = self.shell(count)
            copy_counts = self.shell(count, env=copy_env)
            app3 = self.start_app("app3", env=copy_env)
            try:
                wait_for(lambda: self.health(self.direct("app3")), 40)
                page = self.direct("app3").get(self.article["url"])
                same_article = page.status_code == 200 and self.article["title"] in unescape(
                    page.text
                )
            finally:
                app3.stop()
            images = len(list((media / "images").glob("*")))
            record(
                name,
                same_article and live_counts == copy_counts and pruned,
                f"{backup.name}: {sorted(p.name for p in backup.iterdir())}, an expired "
                f"backup {'pruned' if pruned else 'KEPT'}; article "
                f"{'found' if same_article else 'NOT found'} on an app server of the copy; "
                f"users, memberships live {live_counts}, restored {copy_counts}; "
                f"{images} renditions restored",
            )
        except (AssertionError, ValueError) as error:
            record(name, False, str(error))

    def check_worker_and_scheduler(self, worker_stopped_at):
        client = self.direct("app2")
        stale = wait_for(
            lambda: self.health(client).get("worker") == "stale", 60 + WORKER_STALE_SECONDS + 20, 1
        )
        record(
            "/healthz reports a stopped worker",
            bool(stale) and self.health(client).get("status") == "degraded",
            f"worker SIGSTOPped; 'worker': 'stale' after "
            f"{time.monotonic() - worker_stopped_at:.0f} s (window {WORKER_STALE_SECONDS} s, "
            f"heartbeat every minute): {self.health(client)}",
        )
        self.scheduler.kill()
        killed_at = time.monotonic()
        stale = wait_for(
            lambda: self.health(client).get("scheduler") == "stale",
            SCHEDULER_STALE_SECONDS + 15,
            1,
        )
        record(
            "/healthz reports a stopped scheduler",
            bool(stale),
            f"scheduler killed; 'scheduler': 'stale' after {time.monotonic() - killed_at:.0f} s "
            f"(window {SCHEDULER_STALE_SECONDS} s): {self.health(client)}",
        )

    def checks(self):
        self.check_pages()
        self.check_signup_email()
        self.check_shared_session()
        self.check_rate_limit()
        self.check_page_cache()
        self.check_microcache()
        self.check_failover()
        self.check_redis_outage()
        # The worker stops now; backup and restore run while /healthz notices.
        self.worker.signal(signal.SIGSTOP)
        stopped_at = time.monotonic()
        self.check_backup_restore()
        self.check_worker_and_scheduler(stopped_at)

    # -- tear-down

    def tear_down(self):
        for process in reversed(Process.running[:]):
            process.stop()
        if self.esp:
            self.esp.shutdown()
        for name in self.databases:
            with contextlib.suppress(Exception):
                self.psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self.databases.clear()
        if self.passed:
            shutil.rmtree(self.tmp, ignore_errors=True)
        else:
            for log in sorted(self.logs.glob("*.log")):
                text = log.read_text(errors="replace").splitlines()[-20:]
                if text:
                    print(f"--- {log.name} (last lines)")
                    print("\n".join(f"    {line}" for line in text))
            print(f"Logs kept in {self.logs}")


def main():
    smoke = Smoke()
    atexit.register(smoke.tear_down)
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, lambda *_: sys.exit(130))
    try:
        smoke.set_up()
        smoke.checks()
    except Exception as error:  # a set-up failure is a failed run, with the logs
        record("smoke run", False, f"{type(error).__name__}: {error}")
    finally:
        failed = [name for name, ok, _ in RESULTS if not ok]
        smoke.passed = not failed
        smoke.tear_down()
        atexit.unregister(smoke.tear_down)
    elapsed = time.monotonic() - STARTED
    print(f"\n{len(RESULTS) - len(failed)} passed, {len(failed)} failed in {elapsed:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
