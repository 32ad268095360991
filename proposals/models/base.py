from django.db import models
from django_fsm import FSMFieldMixin, FSMModelMixin


class StateMachineModel(FSMModelMixin, models.Model):
    """A model whose state field changes only through its transitions.

    ``full_clean()`` would write every field back after cleaning it, which a protected state field
    refuses; the state is therefore left out of field cleaning. It is still validated: every such
    model has a check constraint on the state, and ``full_clean()`` checks constraints.
    """

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None) -> None:
        protected = {
            f.name
            for f in self._meta.concrete_fields
            if isinstance(f, FSMFieldMixin) and f.protected
        }
        super().clean_fields(exclude=set(exclude or ()) | protected)
