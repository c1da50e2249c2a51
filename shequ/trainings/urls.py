from django.urls import path

from shequ.trainings import views

app_name = "trainings"
urlpatterns = [
    path("", views.training_list_view, name="list"),
    path("new/", views.training_create_view, name="new"),
    path("continuing-education/", views.ce_shortfall_view, name="ce"),
    path("<int:pk>/", views.training_detail_view, name="detail"),
    path("certificates/<str:number>.pdf", views.certificate_view, name="certificate"),
    path("verify/", views.verify_view, name="verify"),
]
