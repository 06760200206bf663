from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", views.signup, name="signup"),
    path("email/", views.change_email, name="change_email"),
    path("email/resend/", views.resend_confirmation, name="resend_confirmation"),
    path("email/confirm/<str:token>/", views.confirm_email, name="confirm_email"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password_reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("delete/", views.delete_account, name="delete"),
    path("alerts/", views.alerts, name="alerts"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("follow/<slug:slug>/", views.follow, name="follow"),
    # The Following page itself lives at the root, /following/ (see newsroom/urls.py).
]
