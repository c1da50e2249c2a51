from django.urls import path

from shequ.volunteers import views

app_name = "volunteers"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("register/", views.register_view, name="register"),
    path("activities/new/", views.activity_create_view, name="activity_new"),
    path("activities/<int:pk>/", views.activity_view, name="activity"),
    path("activities/<int:pk>/code/", views.code_view, name="code"),
    path("teams/", views.team_list_view, name="teams"),
    path("teams/<int:pk>/", views.team_detail_view, name="team"),
    path("hours/", views.hours_view, name="hours"),
    path("checkin/", views.checkin_view, name="checkin"),
    path("verify/", views.verify_view, name="verify"),
    path("certificates/<str:number>.pdf", views.certificate_download_view, name="certificate"),
]
