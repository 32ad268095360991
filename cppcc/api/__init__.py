"""The REST API (/api/v1/): each app declares its endpoints in ``<app>/api.py``.

An app's ``api.py`` holds its serializers, filter sets and viewsets and a module-level
``ROUTES`` list of ``(prefix, viewset, basename)``; ``cppcc.api.urls`` registers every app's
routes on one router. Who sees and changes what is decided by the same code as the web pages:
``accounts.roles`` (member, convener, leader, handling unit, staff) and ``committees.access``
(staff by committee), through the mixins in ``cppcc.api.base``.
"""
