from django.urls import path

from shequ.research import views

app_name = "research"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("projects/new/", views.project_create_view, name="project_new"),
    path("projects/<int:pk>/", views.project_detail_view, name="project"),
    path("extracts/<int:pk>/", views.extract_detail_view, name="extract"),
    path("extracts/<int:pk>/download.<str:fmt>", views.extract_download_view, name="download"),
]
