from django.urls import path
from django.views.generic import RedirectView

from shequ.core.pickers import pick_view

app_name = "core"
# the first page after login is the workbench (shequ/workbench, mounted at "/" before core);
# the old name still resolves there
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="workbench:home"), name="home"),
    path("pick/<slug:kind>/", pick_view, name="pick"),
]
