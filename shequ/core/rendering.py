"""One way every form of the pages is drawn (settings.FORM_RENDERER): a summary of every
problem at the top, linking to its field; each problem next to its field; required fields
marked with a star explained once; `aria-invalid` and `aria-describedby` on the inputs."""

from __future__ import annotations

from dataclasses import dataclass

from django.forms import BaseForm
from django.forms.renderers import DjangoTemplates


class ShequFormRenderer(DjangoTemplates):
    form_template_name = "core/forms/div.html"
    field_template_name = "core/forms/field.html"


@dataclass(frozen=True)
class ErrorItem:
    """One problem of a submitted form, as the summary at its top lists it: the field's label
    and the anchor of its input (empty for a problem of the whole form)."""

    label: str
    message: str
    anchor: str = ""


def error_items(form: BaseForm) -> list[ErrorItem]:
    """Every problem of the submit, in the order of the fields: the form's own first."""
    items = [ErrorItem("", str(e)) for e in form.non_field_errors()]
    for bound in form:
        for e in bound.errors:
            if bound.is_hidden:
                items.append(ErrorItem(str(bound.label or bound.name), str(e)))
            else:
                anchor = bound.id_for_label or bound.auto_id or ""
                items.append(ErrorItem(str(bound.label or bound.name), str(e), anchor))
    return items


def has_required(form: BaseForm) -> bool:
    return any(b.field.required and not b.is_hidden for b in form)
