from django.urls import path

from shequ.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_list_view, name="list"),
    path("export.<str:fmt>", views.audit_export_view, name="export"),
    path("purge/", views.audit_purge_view, name="purge"),
    path("reads/", views.read_log_view, name="reads"),
]
