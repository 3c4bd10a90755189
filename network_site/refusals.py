"""The one exception for "a rule says no", raised by every app's rules and caught
by the views, admin screens and tasks that show the refusal to a person."""


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
