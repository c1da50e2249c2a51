from django.urls import path

from shequ.sharing import views

app_name = "sharing"
urlpatterns = [
    path("", views.library_view, name="library"),
    path("new/", views.draft_view, name="new"),
    path("<int:pk>/", views.detail_view, name="detail"),
]
