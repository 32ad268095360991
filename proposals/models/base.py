from django.db import models
from django_fsm import FSMFieldMixin, FSMModelMixin


def _protected_state_fields(model: models.Model) -> set[str]:
    return {
        f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, FSMFieldMixin) and f.protected
    }


class StateMachineModel(FSMModelMixin, models.Model):
    """A model whose state field changes only through its transitions.

    ``full_clean()`` would write every field back after cleaning it, which a protected state field
    refuses; the state is therefore left out of field cleaning. It is still validated: every such
    model has a check constraint on the state, and ``full_clean()`` checks constraints.
    """

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None) -> None:
        super().clean_fields(exclude=set(exclude or ()) | _protected_state_fields(self))

    def refresh_from_db(self, using=None, fields=None, from_queryset=None) -> None:
        """Re-read the row, state included.

        django-fsm's own version lifts the protection on the *field* (shared by every thread)
        while it reloads, so two threads reloading at once could find it back on half-way and
        fail ("Direct state modification is not allowed"; proven by
        tests/security/test_races.py). A protected state refuses only a value set over one
        already loaded, so forgetting this instance's loaded state is enough, and touches no
        one else's.
        """
        for attname in _protected_state_fields(self):
            if fields is None or attname in fields:
                self.__dict__.pop(attname, None)
        models.Model.refresh_from_db(self, using=using, fields=fields, from_queryset=from_queryset)
