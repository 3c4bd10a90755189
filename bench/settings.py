"""Settings for the HTTP benchmark: production settings, unchanged, plus one URL.

Everything that shapes a production response stays as production has it:
DEBUG off, PostgreSQL, the Redis cache (page cache, sessions), manifest static
storage, the whole middleware stack including HTTPS redirects. The only
addition is ``bench.urls``, which adds the framework-ceiling view. The script
``bench/http_throughput.sh`` sets bench-only values for the environment
variables production requires; nothing here is a deploy setting.
"""

from network_site.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
