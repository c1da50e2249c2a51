from django.urls import path

from shequ.residents import transfer_views, views

app_name = "residents"
urlpatterns = [
    path("", views.resident_list_view, name="list"),
    path("new/", views.resident_create_view, name="create"),
    path("export.xlsx", views.resident_export_view, name="export"),
    path("duplicates/", views.duplicates_view, name="duplicates"),
    path("merge/", views.merge_view, name="merge"),
    path("needs/", views.needs_view, name="needs"),
    path("transfers/", transfer_views.transfer_list_view, name="transfers"),
    path(
        "transfers/<int:pk>/<str:action>/",
        transfer_views.transfer_decide_view,
        name="transfer_decide",
    ),
    path("<int:pk>/move-out/", transfer_views.transfer_start_view, name="transfer_start"),
    path("households/", views.household_list_view, name="households"),
    path("households/new/", views.household_create_view, name="household_create"),
    path("households/<int:pk>/", views.household_detail_view, name="household"),
    path("<int:pk>/", views.resident_detail_view, name="detail"),
    path("<int:pk>/edit/", views.resident_edit_view, name="edit"),
    path("<int:pk>/household/", views.resident_join_household_view, name="join_household"),
    path("<int:pk>/identifiers/", views.resident_unmask_view, name="unmask"),
    path("<int:pk>/needs/new/", views.needs_create_view, name="needs_create"),
]
