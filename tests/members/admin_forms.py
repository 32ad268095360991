"""Turn an admin change page into the POST data its form would send back."""

from __future__ import annotations


def _put(data: dict, key: str, value) -> None:
    if value is None:
        return
    if isinstance(value, (list, tuple)):
        data[key] = [str(v) for v in value]
    elif isinstance(value, bool):
        if value:
            data[key] = "on"
    else:
        data[key] = str(value)


def change_form_data(response, **changes) -> dict:
    form = response.context["adminform"].form
    data: dict = {}
    for name in form.fields:
        _put(data, name, form[name].value())
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            _put(data, management.add_prefix(name), management[name].value())
        for subform in formset.forms:
            for name in subform.fields:
                _put(data, subform.add_prefix(name), subform[name].value())
    data.update(changes)
    data["_save"] = "1"
    return data
