"""The one exception for "a rule says no", raised by every app's rules and caught
by the views, admin screens and tasks that show the refusal to a person."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest


class Refused(Exception):
    """A rule says no. ``message`` is written for the person who asked; ``field``
    names the form field it belongs beside (None: the form as a whole)."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self):
        return self.message


def add_to_form(form, refusal):
    """Show a refusal beside the field it names, or above the form when the form
    has no such field."""
    field = refusal.field if refusal.field in form.fields else None
    form.add_error(field, refusal.message)


def submitted(form: forms.Form, act: Callable[[dict[str, Any]], object]) -> bool:
    """Whether ``form`` is valid and ``act(form.cleaned_data)`` went through; a
    refusal is shown on the form."""
    if not form.is_valid():
        return False
    try:
        act(form.cleaned_data)
    except Refused as refusal:
        add_to_form(form, refusal)
        return False
    return True


def form_page_status(request: HttpRequest) -> int:
    """The status of a page with a form: 400 when a post comes back to it (the
    form has errors, or the rules refused it), else 200."""
    return 400 if request.method == "POST" else 200


def tell_outcome(request: HttpRequest, act: Callable[[], object], done: str) -> bool:
    """Do ``act()`` and tell the person: ``done`` when it went through, the
    refusal when a rule said no. Whether it went through."""
    try:
        act()
    except Refused as refusal:
        messages.error(request, refusal.message)
        return False
    messages.success(request, done)
    return True
