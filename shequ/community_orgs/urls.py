from django.urls import path

from shequ.community_orgs import views

app_name = "community_orgs"
urlpatterns = [
    path("", views.organization_list_view, name="list"),
    path("new/", views.organization_create_view, name="new"),
    path("communities/", views.community_list_view, name="communities"),
    path("communities/<str:code>/", views.community_detail_view, name="community"),
    path("<int:pk>/", views.organization_detail_view, name="detail"),
    path(
        "<int:pk>/recognitions/<int:rid>/document/",
        views.recognition_document_view,
        name="recognition_document",
    ),
]
