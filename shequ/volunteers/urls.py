from django.urls import path

from shequ.volunteers import views

app_name = "volunteers"
urlpatterns = [
    path("verify/", views.verify_view, name="verify"),
    path("certificates/<str:number>.pdf", views.certificate_download_view, name="certificate"),
]
