from django.urls import path

from shequ.protection import views

app_name = "protection"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("report/", views.report_create_view, name="report_create"),
    path("public-report/", views.public_report_view, name="public_report"),
    path("reports/", views.report_list_view, name="reports"),
    path("reports/<int:pk>/", views.report_detail_view, name="report"),
    path("cases/", views.case_list_view, name="cases"),
    path("cases/<int:pk>/", views.case_detail_view, name="case"),
    path("cases/<int:pk>/<slug:action>/", views.case_action_view, name="case_action"),
    path("break-glass/", views.break_glass_view, name="break_glass"),
    path("export/", views.export_view, name="export"),
    path("referrals/", views.referral_list_view, name="referrals"),
    path("meetings/", views.meeting_list_view, name="meetings"),
    path("meetings/new/", views.meeting_create_view, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail_view, name="meeting"),
    path("tasks/<int:pk>/complete/", views.task_complete_view, name="task_complete"),
]
