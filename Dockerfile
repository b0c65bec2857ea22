# Deal Coach: `dealcoach serve` (Slack and Telegram on one port) on a slim, non-root image.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

# A font with Chinese glyphs, so charts show stage names in zh-Hant and zh-Hans.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-wqy-microhei \
    && rm -rf /var/lib/apt/lists/*

# Dependencies first, from pyproject.toml alone: this layer is rebuilt only when they change.
COPY pyproject.toml README.md ./
RUN mkdir -p bot dialogs prompts storage \
    && touch bot/__init__.py dialogs/__init__.py prompts/__init__.py storage/__init__.py \
    && pip install '.[slack,telegram,postgres,llm,serve]' \
    && pip uninstall -y dealcoach && rm -rf bot dialogs prompts storage build

# Then the code, which changes most often.
COPY bot ./bot
COPY dialogs ./dialogs
COPY prompts ./prompts
COPY storage ./storage
RUN pip install --no-deps . && rm -rf build \
    && useradd --create-home --uid 10001 coach

USER coach
ENV DEALCOACH_DATA_DIR=/home/coach/data
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
CMD ["dealcoach", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
