"""Markup the Wagtail admin pages of every app share: the rows of a definition list
and the frame of a listing table, each written in one place."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


class _WrappingNode(template.Node):
    """Renders its arguments and its body into one piece of markup."""

    def __init__(self, render_markup, args, nodelist):
        self.render_markup = render_markup
        self.args = args
        self.nodelist = nodelist

    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        return self.render_markup(args, self.nodelist.render(context))


def _wrapping_tag(render_markup):
    """A block tag `{% name arg… %}body{% endname %}` whose arguments and rendered
    body (already escaped) go to render_markup(args, body)."""

    def compile_tag(parser, token):
        name, *bits = token.split_contents()
        nodelist = parser.parse((f"end{name}",))
        parser.delete_first_token()
        return _WrappingNode(render_markup, [parser.compile_filter(bit) for bit in bits], nodelist)

    return register.tag(render_markup.__name__, compile_tag)


@_wrapping_tag
def fact(args, body):
    """One term of a <dl> and its description, grouped in a <div>:
    `{% fact "Places left" %}{{ summary.left }}{% endfact %}`."""
    (term,) = args
    return format_html("<div><dt>{}</dt><dd>{}</dd></div>", term, body)


@_wrapping_tag
def listing_table(args, body):
    """An admin listing table with one column per heading; the body holds its rows:
    `{% listing_table "Amount" "Status" %}<tr>…</tr>{% endlisting_table %}`."""
    headings = format_html_join("", '<th scope="col">{}</th>', ((heading,) for heading in args))
    return format_html(
        '<table class="listing"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>',
        headings,
        body,
    )
