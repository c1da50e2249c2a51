from django.urls import path

from shequ.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list_view, name="list"),
    path("<int:pk>/open/", views.notification_open_view, name="open"),
    path("<int:pk>/read/", views.notification_read_view, name="read"),
    path("read-all/", views.read_all_view, name="read_all"),
    path("preferences/", views.preferences_view, name="preferences"),
]
