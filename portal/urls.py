from django.urls import path

from . import board_views, duties, two_factor_views, views

app_name = "portal"

urlpatterns = [
    path("home/", views.home, name="home"),
    path("me/performance/", views.performance, name="performance"),
    path("boards/", board_views.boards, name="boards"),
    path("sectors/<int:sector_id>/<int:year>/", board_views.sector_board, name="sector_board"),
    path(
        "sectors/<int:sector_id>/<int:year>/export.xlsx",
        board_views.sector_board_export,
        name="sector_board_export",
    ),
    path(
        "sectors/<int:sector_id>/<int:year>/members/<int:member_id>/",
        board_views.sector_member,
        name="sector_member",
    ),
    path("groups/<int:group_id>/<int:year>/", board_views.group_board, name="group_board"),
    path(
        "groups/<int:group_id>/<int:year>/export.xlsx",
        board_views.group_board_export,
        name="group_board_export",
    ),
    path(
        "groups/<int:group_id>/<int:year>/members/<int:member_id>/",
        board_views.group_member,
        name="group_member",
    ),
    path("me/duties/", duties.my_duties, name="duties"),
    path("me/performance/<int:year>/", views.performance, name="performance_year"),
    path("me/performance/<int:year>/dispute/<int:rule_id>/", views.dispute, name="dispute"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/change/",
        views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/two-factor/", two_factor_views.overview, name="two_factor"),
    path("accounts/two-factor/start/", two_factor_views.start, name="two_factor_start"),
    path("accounts/two-factor/setup/", two_factor_views.setup, name="two_factor_setup"),
    path("accounts/two-factor/verify/", two_factor_views.verify, name="two_factor_verify"),
    path("accounts/two-factor/disable/", two_factor_views.disable, name="two_factor_disable"),
    path(
        "accounts/two-factor/backup-codes/",
        two_factor_views.backup_codes,
        name="two_factor_backup_codes",
    ),
    path("accounts/password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
