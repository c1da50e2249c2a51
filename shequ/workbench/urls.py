from django.urls import path

from shequ.workbench import views

app_name = "workbench"
urlpatterns = [
    path("", views.workbench_view, name="home"),
    path("workbench/nav/", views.nav_view, name="nav"),
]
