"""Form pieces every app's public forms share: plain wording of length limits,
date inputs, radios and checkbox lists whose label points at their first choice,
and a field for free text of a sentence or more."""

from django import forms


def plain_limits(form):
    """Plainer words than Django's "Ensure this value has at most N characters"."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and field.max_length:
            field.error_messages["max_length"] = (
                f"Keep this to {field.max_length:,} characters or fewer (you wrote %(show_value)s)."
            )


class PlainLimits:
    """A form whose text fields word their length limit plainly (see plain_limits)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_limits(self)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class CheckboxList(forms.CheckboxSelectMultiple):
    """Checkboxes whose field label points at the first box, so the error summary
    can link to it."""

    def id_for_label(self, id_, index="0"):
        return super().id_for_label(id_, index)


class Radios(forms.RadioSelect):
    """Radios that, like CheckboxList, link the field to its first choice."""

    def id_for_label(self, id_, index="0"):
        return super().id_for_label(id_, index)


class LongTextField(forms.CharField):
    """Free text of a sentence or more, typed in a textarea of ``rows`` lines."""

    def __init__(self, *, rows: int = 4, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(**kwargs)
