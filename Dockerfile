FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=cppcc.settings.production
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY . .
RUN pip install --no-cache-dir . \
 && python manage.py compilemessages --ignore=.venv -v0
RUN DJANGO_SECRET_KEY=collectstatic-only DJANGO_ALLOWED_HOSTS=localhost python manage.py collectstatic --no-input -v0
RUN useradd --create-home --uid 1000 cppcc && mkdir -p /app/media && chown cppcc /app/media
USER cppcc
EXPOSE 8000
CMD ["gunicorn", "cppcc.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60"]
