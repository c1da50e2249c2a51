from django.urls import path

from shequ.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/second-factor/", views.login_otp_view, name="login_otp"),
    path("second-factor/", views.second_factor_view, name="second_factor"),
    path(
        "users/<int:pk>/second-factor/reset/",
        views.user_second_factor_reset_view,
        name="user_second_factor_reset",
    ),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_view, name="password"),
    path("users/", views.users_view, name="users"),
    path("users/new/", views.user_create_view, name="user_create"),
    path("users/<int:pk>/", views.user_view, name="user"),
    path("users/<int:pk>/unlock/", views.user_unlock_view, name="user_unlock"),
    path("users/<int:pk>/lock/", views.user_lock_view, name="user_lock"),
    path("users/<int:pk>/password/", views.user_password_reset_view, name="user_password"),
    path("grants/", views.grants_view, name="grants"),
    path("grants/<int:pk>/revoke/", views.grant_revoke_view, name="grant_revoke"),
    path("policy/", views.policy_view, name="policy"),
]
