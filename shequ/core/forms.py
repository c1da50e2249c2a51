"""Shared form helpers: show an application error next to the field it concerns."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy

from shequ.core.errors import AppError

if TYPE_CHECKING:
    from shequ.accounts.models import User


def add_app_error(form: forms.BaseForm, exc: AppError) -> None:
    """Put an AppError (and each of its sub-errors) on the form, next to its field when the
    form has that field, otherwise at the top."""
    items = exc.errors or [{"field": exc.field, "message": exc.message}]
    for item in items:
        field = item.get("field")
        form.add_error(field if field in form.fields else None, str(item["message"]))


class PeriodForm(forms.Form):
    """A form with a start and an end: an end before the start is reported on the end's field
    together with every other problem of the submit (the service checks it again)."""

    period = ("start_date", "end_date")
    period_message: Any = gettext_lazy("The end is before the start.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = (data.get(name) for name in self.period)
        if start and end and end < start:
            self.add_error(self.period[1], self.period_message)
        return data


def paginate(request: Any, qs: Any, per_page: int = 50) -> Any:
    from django.core.paginator import Paginator

    return Paginator(qs, per_page).get_page(request.GET.get("page"))


def set_choices(form: forms.BaseForm, name: str, choices: list[Any]) -> None:
    """Give a choice field its choices (known only when the form is built for a user)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def prefer_home_community(form: forms.BaseForm, name: str, user: User) -> None:
    """A form that asks for a community starts at the user's own (their home division), when
    it is one of the choices."""
    home = getattr(user, "division_id", None)
    field = form.fields.get(name)
    if home and isinstance(field, forms.ChoiceField) and not form.is_bound:
        values = {str(v) for v, _label in _flat_choices(field.choices)}
        if home in values:
            form.initial.setdefault(name, home)


def _flat_choices(choices: Any) -> list[tuple[Any, Any]]:
    flat: list[tuple[Any, Any]] = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            flat.extend(label)
        else:
            flat.append((value, label))
    return flat


def apply_form(request: Any, form: forms.BaseForm, apply: Any, success: str, then: str) -> Any:
    """The small forms of a record's page: validate, apply (a service call), then back to the
    page (`then`) with a message saying what happened or what was wrong."""
    from django.contrib import messages
    from django.shortcuts import redirect

    if not form.is_valid():
        problems = [
            f"{form[name].label}: {e}" if name in form.fields else str(e)
            for name, errors in form.errors.items()
            for e in errors
        ]
        messages.error(request, "；".join(problems))
    else:
        try:
            apply(form.cleaned_data)
        except AppError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, success)
    return redirect(then)
