"""Account services."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .models import User
from .sessions import user_sessions_end

#: Apps whose records committee staff manage in the admin.
STAFF_APPS = (
    "committees",
    "sectors",
    "members",
    "liaison",
    "meetings",
    "proposals",
    "supervision",
    "assessment",
    "notifications",
    "evaluations",
    "bulletins",
)
# Not django_celery_beat: schedules are platform-wide, so only the operator (a superuser) edits them.
STAFF_GROUP_NAME = "委员会工作人员"
# Staff may read and edit committees (their own) but the operator creates and deletes them.
# Nobody reads or writes single ballot papers by hand: staff see a closed round's totals only.
STAFF_EXCLUDED_CODENAMES = {
    "add_committee",
    "delete_committee",
    "add_ballotpaper",
    "change_ballotpaper",
    "delete_ballotpaper",
    "view_ballotpaper",
}


@transaction.atomic
def staff_group_sync() -> Group:
    """Create or refresh the group that gives committee staff their admin permissions."""
    group, _created = Group.objects.get_or_create(name=STAFF_GROUP_NAME)
    perms = Permission.objects.filter(content_type__app_label__in=STAFF_APPS).exclude(
        codename__in=STAFF_EXCLUDED_CODENAMES
    )
    user_perms = Permission.objects.filter(
        content_type__app_label="accounts", codename__in=["view_user", "change_user", "add_user"]
    )
    group.permissions.set(list(perms) + list(user_perms))
    return group


def staff_group_sync_after_migrate(sender, **kwargs) -> None:
    # Runs once, after the last staff app's permissions exist.
    if sender.name == STAFF_APPS[-1]:
        staff_group_sync()


@transaction.atomic
def user_deactivate(*, user: User) -> User:
    """Close the account: the person can no longer sign in, and every session of theirs ends."""
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    user_sessions_end_after_deactivation(user=user)
    return user


def user_sessions_end_after_deactivation(*, user: User) -> None:
    """End the sessions of an account just closed (the admin's form saves the flag itself).

    Even without this, a kept cookie of an inactive account is refused (Django's ModelBackend
    does not load inactive users); deleting the sessions makes it so whatever the backend.
    """
    user_sessions_end(user_id=user.pk)


def unlock_sign_in(usernames) -> int:
    """Lift the sign-in lockout of these accounts: forget their failed attempts.

    Returns the number of failure records removed. The failure log (AccessFailureLog) stays.
    """
    from axes.utils import reset

    return sum(reset(username=username) for username in usernames)
