"""Django's model permissions, read from the shared cache rather than the database
on every request.

Every signed-in request asks whether its reader may use the admin (the staff
session rules in members.middleware, Wagtail's user bar), which loads all of the
person's permissions: Django's ModelBackend reads their own and their groups' in
two queries. Here they are read once, in one query, and kept in the shared cache
under a version that any change to who has which permission moves on (a user's
groups or permissions, a group's permissions, a group or permission deleted, a
user's superuser or active flag), on every app server. They land in the same
per-request attribute ModelBackend keeps, which allauth's backend (also a
ModelBackend) reads too.
"""

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "permissions:version"


def _key(user_id: int) -> str:
    return f"permissions:user:{user_id}"


def _read(user) -> set[str]:
    permissions = Permission.objects.all()
    if not user.is_superuser:
        permissions = permissions.filter(Q(user=user) | Q(group__user=user))
    return {
        f"{app_label}.{codename}"
        for app_label, codename in permissions.values_list(
            "content_type__app_label", "codename"
        ).distinct()
    }


def _cached(user) -> set[str]:
    key = _key(user.pk)
    found = cache.get_many([VERSION_KEY, key])
    version, entry = found.get(VERSION_KEY), found.get(key)
    if version is not None and entry is not None and entry[0] == (version, user.is_superuser):
        return entry[1]
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    permissions = _read(user)
    if version is not None:
        cache.set(key, ((version, user.is_superuser), permissions), timeout=24 * 3600)
    return permissions


class ModelPermissionsBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = _cached(user_obj)
        return user_obj._perm_cache


def _bump() -> None:
    cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def _moved_on(**kwargs) -> None:
    """Who has which permission changed: every cached set is read again, at once
    and again when the change commits (a set read in between is not kept)."""
    _bump()
    transaction.on_commit(_bump)


def _user_saved(sender, instance, update_fields=None, **kwargs) -> None:
    if update_fields is None or {"is_superuser", "is_active"} & set(update_fields):
        cache.delete(_key(instance.pk))
        transaction.on_commit(lambda: cache.delete(_key(instance.pk)))


def connect() -> None:
    User = get_user_model()
    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(_moved_on, sender=through, dispatch_uid=f"perms.{through.__name__}")
    for model in (Group, Permission):
        post_delete.connect(_moved_on, sender=model, dispatch_uid=f"perms.deleted.{model.__name__}")
    post_save.connect(_user_saved, sender=User, dispatch_uid="perms.user_saved")
