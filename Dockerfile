# Coboard on its own SQLite file: docker run -p 8000:8000 -v coboard-data:/app/data coboard
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

# cairo draws board pictures (PNG, PDF); DejaVu has the accents people type, for pictures and reports
RUN apt-get update && apt-get install -y --no-install-recommends libcairo2 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 coboard
COPY pyproject.toml alembic.ini README.md ./
COPY alembic ./alembic
COPY server ./server
COPY web ./web
RUN pip install -e . && mkdir -p /app/data && chown coboard:coboard /app/data

USER coboard
VOLUME ["/app/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
CMD ["coboard", "serve", "--host", "0.0.0.0", "--port", "8000"]
