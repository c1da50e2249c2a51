from django.urls import path

from shequ.delivery import record_views, views

app_name = "delivery"
urlpatterns = [
    path("groups/", views.group_list_view, name="groups"),
    path("groups/new/", views.group_create_view, name="group_create"),
    path("groups/<int:pk>/", views.group_detail_view, name="group"),
    path("groups/<int:pk>/advance/", views.group_advance_view, name="group_advance"),
    path("groups/<int:pk>/measures/", views.group_measures_view, name="group_measures"),
    path(
        "groups/<int:pk>/sessions/<int:session>/",
        views.group_session_view,
        name="group_session",
    ),
    path("activities/", views.activity_list_view, name="activities"),
    path("activities/new/", views.activity_create_view, name="activity_create"),
    path("activities/<int:pk>/", views.activity_detail_view, name="activity"),
    path("activities/<int:pk>/photos/<int:photo>/", views.activity_photo_view, name="photo"),
    path("records/", record_views.record_list_view, name="records"),
    path("records/<int:pk>/", record_views.record_detail_view, name="record"),
    path("cases/", views.case_list_view, name="cases"),
    path("cases/new/", views.case_create_view, name="case_create"),
    path("cases/<int:pk>/", views.case_detail_view, name="case"),
    path("projects/<int:pk>/report.xlsx", views.project_report_view, name="project_report"),
]
