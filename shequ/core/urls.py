from django.urls import path
from django.views.generic import RedirectView

app_name = "core"
# the first page after login is the workbench (shequ/workbench, mounted at "/" before core);
# the old name still resolves there
urlpatterns = [path("", RedirectView.as_view(pattern_name="workbench:home"), name="home")]
