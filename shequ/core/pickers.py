"""One searchable picker for every reference a form makes to a person, a household, an
organization, a division, a user, a project or a case: nobody types an internal number.

A kind of record is registered by the app that owns it, in its `picker_sources.py` (found by
`autodiscover_modules`, as the workbench finds `workbench_items.py`): a `search(user, q)` that
reads through the app's selectors (so the results are those of the access rule) and a
`describe(record)` that says what tells two records apart (masked ID, age, community,
household). Core never imports a domain model.

The form side is `PickerField` / `PickerMultipleField`: a ModelChoiceField whose queryset is
the user's reach, so the server stays the authority (an id out of reach is refused as any
invalid choice). Its widget renders a text box with a listbox (`core/picker.js`: typing,
arrow keys, Enter, Escape, touch) and keeps the chosen ids in hidden inputs under the field's
name. The page `GET /pick/<kind>/?q=` answers the widget and the API-backed pages alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from shequ.core.pinyin import is_pinyin_query, name_keys

if TYPE_CHECKING:
    from shequ.access.signed_in import AuthedHttpRequest
    from shequ.accounts.models import User

LIMIT = 20
MAX_QUERY = 40


@dataclass(frozen=True)
class Option:
    """One result: the value the form posts (an id or a code), the name, and what tells it
    apart from another of the same name."""

    value: str
    label: str
    detail: str = ""


# (user, q, within) -> a QuerySet or list of records in reach; `within` narrows to a division
# (a code, or "") for a form that only takes records of one community
Search = Callable[[Any, str, str], Any]
Describe = Callable[[Any], Option]


@dataclass(frozen=True)
class Kind:
    name: str
    search: Search
    describe: Describe
    placeholder: Any = ""
    allowed: Callable[[Any], bool] = lambda user: True
    # user -> every record of the kind in reach: for a form below the app that owns the kind
    # (the audit log's filter), which cannot call the app's selector itself
    reach: Callable[[Any], Any] | None = None


KINDS: dict[str, Kind] = {}


def register(
    name: str,
    *,
    search: Search,
    describe: Describe,
    placeholder: Any = "",
    allowed: Callable[[Any], bool] | None = None,
    reach: Callable[[Any], Any] | None = None,
) -> None:
    KINDS[name] = Kind(name, search, describe, placeholder, allowed or (lambda user: True), reach)


def reach_of(name: str, user: User) -> Any:
    """Every record of a kind in the user's reach, from the selector its app registered."""
    kind = KINDS[name]
    if kind.reach is None:
        raise ImproperlyConfigured(f"The picker kind {name!r} registers no reach.")
    return kind.reach(user)


def kind_get(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise Http404 from None


def options(kind: Kind, user: User, q: str, within: str = "", limit: int = LIMIT) -> list[Option]:
    q = (q or "").strip()[:MAX_QUERY]
    within = within if within.isdigit() and len(within) <= 12 else ""
    if not q:
        return []
    return [kind.describe(record) for record in kind.search(user, q, within)[:limit]]


def name_matches(name: str, q: str) -> bool:
    """A name found by its characters (anywhere), its full pinyin or its initials (from the
    start): 自强社区 by 自强, zq, ziqiang."""
    if is_pinyin_query(q):
        lowered = q.lower()
        return any(key.startswith(lowered) for key in name_keys(name))
    return q in name


def by_name(
    records: Iterable[Any], q: str, name: Callable[[Any], str], limit: int = LIMIT
) -> list[Any]:
    """The records (already within reach) whose name matches; for the small tables (divisions,
    organizations, users) where matching pinyin in Python is cheaper than keeping keys."""
    found = []
    for record in records:
        if name_matches(name(record), q):
            found.append(record)
            if len(found) >= limit:
                break
    return found


@login_required
@require_GET
def pick_view(request: AuthedHttpRequest, kind: str) -> JsonResponse:
    """`{"results": [{"value", "label", "detail"}]}`: at most LIMIT records of this kind in the
    user's reach matching `q` (within the division `within`, when given); a kind the user may
    not read at all is not found."""
    found = kind_get(kind)
    if not found.allowed(request.user):
        raise Http404
    results = options(found, request.user, request.GET.get("q", ""), request.GET.get("within", ""))
    return JsonResponse({"results": [asdict(o) for o in results]})


# --- the form side --------------------------------------------------------------------------


class PickerWidget(forms.Widget):
    """A text box to search, a listbox of results, the chosen records as hidden inputs."""

    template_name = "core/widgets/picker.html"

    def __init__(
        self,
        kind: str,
        multiple: bool = False,
        attrs: dict[str, Any] | None = None,
        within: str = "",
    ):
        super().__init__(attrs)
        self.kind = kind
        self.multiple = multiple
        self.within = within  # a division code the search is narrowed to (the form's community)
        self.allow_multiple_selected = multiple
        self.choices: Any = None  # the field's ModelChoiceIterator (its queryset is the reach)

    def _values(self, value: Any) -> list[str]:
        if value in (None, ""):
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return [str(v.pk if hasattr(v, "pk") else v) for v in values if v not in (None, "")]

    def chosen(self, values: list[str]) -> list[Option]:
        """The chosen records, described; only those in the field's queryset (the reach)."""
        field = getattr(self.choices, "field", None)
        if not values or field is None or field.queryset is None:
            return []
        key = field.to_field_name or "pk"
        try:
            records = {
                str(getattr(r, key)): r for r in field.queryset.filter(**{f"{key}__in": values})
            }
        except (ValueError, TypeError):
            return []
        describe = kind_get(self.kind).describe
        return [describe(records[v]) for v in values if v in records]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        kind = kind_get(self.kind)
        chosen = self.chosen(self._values(value))
        widget = context["widget"]
        widget["attrs"].pop("required", None)  # the hidden inputs carry the value
        widget.update(
            kind=self.kind,
            url=reverse("core:pick", args=[self.kind])
            + (f"?within={self.within}&" if self.within else "?"),
            multiple=self.multiple,
            chosen=chosen,
            text="" if self.multiple or not chosen else chosen[0].label,
            placeholder=widget["attrs"].pop("placeholder", kind.placeholder),
        )
        return context

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if self.multiple:
            getter = getattr(data, "getlist", None)
            return getter(name) if getter else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False if self.multiple else name not in data


PICK_ERROR = _("Choose from the list: type a name, then pick one of the results.")


class PickerField(forms.ModelChoiceField):
    """One record chosen with the picker; `queryset` is the reach (set by the form for the
    user)."""

    default_error_messages = {"invalid_choice": PICK_ERROR}

    def __init__(self, kind: str, *, queryset: Any = None, within: str = "", **kwargs: Any) -> None:
        widget = PickerWidget(kind, within=within)
        super().__init__(queryset=queryset, widget=widget, **kwargs)


class PickerMultipleField(forms.ModelMultipleChoiceField):
    """Several records chosen with the picker (participants, members)."""

    default_error_messages = {"invalid_choice": PICK_ERROR, "invalid_pk_value": PICK_ERROR}

    def __init__(self, kind: str, *, queryset: Any = None, within: str = "", **kwargs: Any) -> None:
        widget = PickerWidget(kind, multiple=True, within=within)
        super().__init__(queryset=queryset, widget=widget, **kwargs)


def set_reach(form: forms.BaseForm, name: str, queryset: Any, within: str = "") -> None:
    """Give a picker field what it accepts (a selector's queryset: the user's reach, perhaps
    narrowed to one community, `within`, which the search follows too)."""
    field = form.fields[name]
    assert isinstance(field, PickerField | PickerMultipleField)
    field.queryset = queryset
    assert isinstance(field.widget, PickerWidget)
    field.widget.within = within
