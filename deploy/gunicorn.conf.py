"""gunicorn settings of one app server, every value from the environment.

    gunicorn network_site.wsgi --config deploy/gunicorn.conf.py

Run two or more of these (deploy/systemd/keepitlocal-web@.service, one per port)
behind nginx (deploy/nginx/): the app servers share nothing but PostgreSQL and
Redis, so nginx can send any request to any of them.
"""

import os


def _int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# Where this app server listens. PORT is what honcho (deploy/Procfile) and many
# platforms set; GUNICORN_BIND wins over it.
bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8001')}"

# Worker processes and their class, chosen by measurement (bench/README.md,
# "Registrations under load": two app servers behind nginx on 2 cores, 50
# members registering at once, driven by locust): 2 "sync" workers per app
# server, one per core. 3 sync workers, or gthread with 2 threads, served no
# more registrations a second and had a longer tail; with sync workers nginx,
# not gunicorn, holds slow clients. On a larger host: about one worker per
# core per app server. Each worker holds one database connection per thread
# (DATABASE_CONN_MAX_AGE).
workers = _int("GUNICORN_WORKERS", _int("WEB_CONCURRENCY", 2))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = _int("GUNICORN_THREADS", 1)

# Addresses allowed to set X-Forwarded-Proto / X-Forwarded-For: the proxy in
# front (nginx on the same host by default; "*" only where nothing else can
# reach the port, e.g. a container network). Django itself reads the client's
# address from X-Forwarded-For (TRUSTED_PROXY_COUNT) and the scheme from
# X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# A request that takes longer than this is killed (nginx's proxy_read_timeout is 60s).
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then, so a slow leak never takes a server down.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)

# Several app servers on one host would share the default control socket
# (~/.gunicorn/gunicorn.ctl): off unless a path is given.
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]

# Logs to stdout/stderr: journald (systemd), honcho or docker keep them.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = os.environ.get("GUNICORN_PROC_NAME", "keepitlocal-web")
