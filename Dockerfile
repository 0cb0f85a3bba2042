# The access portal in a container: builds the trust center from content/ and serves it, with the
# NDA-gated documents, through `trustgen portal serve`. See docs/portal.md.
#
#   docker build -t trust-portal .
#   docker run -p 8000:8000 -v portal-data:/data \
#     -e TRUSTGEN_PORTAL_BASE_URL=https://trust.example.com \
#     -e TRUSTGEN_PORTAL_ADMIN_PASSWORD=... trust-portal
FROM python:3.11-slim-bookworm

RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation2 \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 portal
WORKDIR /app
COPY pyproject.toml README.md ./
COPY generator generator
COPY schemas schemas
COPY locales locales
COPY mkdocs.yml ./
# Editable: the JSON Schemas and catalogs are read from beside the package.
RUN pip install --no-cache-dir -e '.[portal]'

COPY content content
RUN trustgen build --content content --out site -q \
    && trustgen build --content content --out site-nda --audience nda -q \
    && mkdir /data && chown portal /data

USER portal
ENV TRUSTGEN_PORTAL_DATABASE=sqlite:////data/portal.db \
    TRUSTGEN_PORTAL_HOST=0.0.0.0 \
    TRUSTGEN_PORTAL_PORT=8000 \
    TRUSTGEN_CACHE_DIR=/tmp/trustgen-cache
VOLUME /data
EXPOSE 8000
CMD ["trustgen", "portal", "serve", "--content", "content", "--site", "site", "--nda-site", "site-nda"]
