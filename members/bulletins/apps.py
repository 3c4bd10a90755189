from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    name = "members.bulletins"
    label = "bulletins"
    verbose_name = "Bulletins"
