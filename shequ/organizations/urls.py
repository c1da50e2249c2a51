from django.urls import path

from shequ.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.organization_list_view, name="list"),
    path("new/", views.organization_create_view, name="create"),
    path("<int:pk>/", views.organization_detail_view, name="detail"),
    path("<int:pk>/edit/", views.organization_edit_view, name="edit"),
    path("at/<str:code>/", views.organizations_in_division_view, name="in_division"),
]
