from django.urls import path

from shequ.stats import views

app_name = "stats"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("compare/", views.compare_view, name="compare"),
    path("records/<slug:metric>/", views.records_view, name="records"),
    path("figures.xlsx", views.download_view, name="download"),
    path("reports/", views.reports_view, name="reports"),
    path("reports/<int:pk>/", views.report_view, name="report"),
    path("reports/<int:pk>/report.<str:kind>", views.report_file_view, name="report_file"),
]
