from django.urls import path

from shequ.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list_view, name="list"),
    path("<int:pk>/", views.project_detail_view, name="detail"),
    path("<int:pk>/advance/", views.project_advance_view, name="advance"),
]
