from django.urls import path

from shequ.placements import views

app_name = "placements"
urlpatterns = [
    path("", views.placement_list_view, name="list"),
    path("new/", views.placement_new_view, name="new"),
    path("<int:pk>/", views.placement_detail_view, name="detail"),
]
