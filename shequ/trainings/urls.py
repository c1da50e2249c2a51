from django.urls import path

from shequ.trainings import views

app_name = "trainings"
urlpatterns = [
    path("certificates/<str:number>.pdf", views.certificate_view, name="certificate"),
]
