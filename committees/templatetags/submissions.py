"""``{% submission_token %}``: the hidden field that makes a create form save once
(``committees.submissions``)."""

from django import template
from django.utils.html import format_html

from committees.submissions import TOKEN_FIELD, page_token

register = template.Library()


@register.simple_tag(takes_context=True)
def submission_token(context) -> str:
    return format_html(
        '<input type="hidden" name="{}" value="{}">',
        TOKEN_FIELD,
        page_token(context.get("request")),
    )
