from django.urls import path

from shequ.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list_view, name="list"),
    path("new/", views.project_create_view, name="create"),
    path("<int:pk>/", views.project_detail_view, name="detail"),
    path("<int:pk>/advance/", views.project_advance_view, name="advance"),
    path("<int:pk>/indicators/", views.indicator_add_view, name="indicator_add"),
    path("<int:pk>/documents/", views.document_add_view, name="document_add"),
    path("<int:pk>/documents/<int:doc>/", views.document_download_view, name="document"),
    path("<int:pk>/party-branch/", views.party_branch_view, name="party_branch"),
    path("<int:pk>/staff/", views.staff_view, name="staff"),
    path("<int:pk>/surveys/", views.survey_view, name="survey"),
    path("<int:pk>/evaluations/new/", views.evaluation_create_view, name="evaluation_create"),
]
