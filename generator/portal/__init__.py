"""The access portal: a small server for what must not be public.

A visitor asks for the gated documents of the nda site through a form, accepts the NDA of
content/portal.yaml, is approved (by a rule of the content or by a person), signs in once through a
link that expires, and downloads PDFs watermarked with their own e-mail address; every step is
recorded for the audit. `trustgen portal serve` runs it under uvicorn; the other `trustgen portal`
commands are the administrator's side. Storage is SQLAlchemy (SQLite by default, PostgreSQL when
several processes serve one site) with Alembic migrations; no state a second process needs is kept
in memory.
"""
