from django.urls import path

from shequ.divisions import views

app_name = "divisions"
urlpatterns = [
    path("", views.division_list_view, name="list"),
    path("upload/", views.division_upload_view, name="upload"),
    path("<str:code>/", views.division_detail_view, name="detail"),
]
