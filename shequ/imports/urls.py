from django.urls import path

from shequ.imports import views

app_name = "imports"
urlpatterns = [
    path("job/<int:pk>/", views.job_view, name="job"),
    path("job/<int:pk>/commit/", views.commit_view, name="commit"),
    path("job/<int:pk>/retry/", views.retry_view, name="retry"),
    path("job/<int:pk>/rejected.xlsx", views.rejected_view, name="rejected"),
    path("<slug:kind>/", views.import_start_view, name="start"),
    path("<slug:kind>/template.xlsx", views.template_view, name="template"),
]
