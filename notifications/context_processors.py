from django.utils.functional import SimpleLazyObject

from .selectors import unread_count


def unread_notifications(request) -> dict:
    """``unread_notifications``: the signed-in user's unread count, queried only when a template
    uses it."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
