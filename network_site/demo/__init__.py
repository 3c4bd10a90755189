"""Demo content for a laptop or a review site: `manage.py load_demo_content`.

loading.py runs the steps every installed app's ``demo`` module declares, in
their declared order, and holds the helpers they write with (idempotently);
images.py draws the pictures. This package is the base's own demo module: its
steps (site.py) load the home page, standard pages, site settings and logins,
and content.py holds their words. scale.py runs the apps' ``scale_data`` steps
on top of it (`manage.py generate_scale_data`).
"""

from .site import DEMO_STEPS

__all__ = ["DEMO_STEPS"]
