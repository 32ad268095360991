"""Which tables a backup holds, in which order, and how their rows are written."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.serializers import python
from django.db import DEFAULT_DB_ALIAS, models, router

#: Created by ``migrate`` in every database, with ids of their own; referred to by natural key.
MIGRATE_CREATES = (ContentType, Permission)

CHUNK = 2000


def label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def backed_up_models() -> list[type[models.Model]]:
    """Every table of the database (many-to-many tables included), referenced tables first.

    The order matters beyond foreign keys (deferred to the commit): the committee guards and
    other triggers read the referenced row when a row is inserted.
    """
    candidates = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed
        and not m._meta.proxy
        and m not in MIGRATE_CREATES
        and router.allow_migrate_model(DEFAULT_DB_ALIAS, m)
    ]
    ordered: list[type[models.Model]] = []
    visiting: set = set()

    def visit(model):
        if model in ordered or model in visiting:
            return  # done, or a cycle: the rows of a cycle rely on deferred foreign keys
        visiting.add(model)
        for field in model._meta.local_concrete_fields:
            target = field.related_model if field.is_relation else None
            if target is not None and target is not model and target in candidates:
                visit(target._meta.concrete_model)
        visiting.discard(model)
        ordered.append(model)

    for model in sorted(candidates, key=label):
        visit(model)
    return ordered


class RowSerializer(python.Serializer):
    """Django's serialisation of one table's own columns: many-to-many rows are stored as the
    rows of their own table, and only content types and permissions are named by natural key."""

    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = field.related_model in MIGRATE_CREATES
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        pass


def _natural_key_joins(model: type[models.Model]) -> list[str]:
    """The joins that give the natural keys of the row's content types and permissions (a
    permission's includes its content type), so naming them costs no query per row."""
    joins = []
    for field in model._meta.local_concrete_fields:
        if field.is_relation and field.related_model in MIGRATE_CREATES:
            joins.append(field.name)
            if field.related_model is Permission:
                joins.append(f"{field.name}__content_type")
    return joins


def rows(model: type[models.Model]) -> Iterator[dict]:
    queryset = model._base_manager.using(DEFAULT_DB_ALIAS).order_by("pk")
    joins = _natural_key_joins(model)
    if joins:  # select_related() with no names would follow every foreign key
        queryset = queryset.select_related(*joins)
    chunk: list = []
    for obj in queryset.iterator(chunk_size=CHUNK):
        chunk.append(obj)
        if len(chunk) == CHUNK:
            yield from RowSerializer().serialize(chunk)
            chunk = []
    if chunk:
        yield from RowSerializer().serialize(chunk)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
