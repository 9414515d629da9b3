"""The JSON API, version 1: schemas and endpoints that call into the apps.

Schema at /api/v1/openapi.json, interactive docs at /api/v1/docs (ninja's Swagger
UI, served from its own static files with no inline script, so it works under the
site's Content Security Policy). The docs are the one page whose policy allows
inline styles, for Swagger UI (DOCS_CSP below); every other page has none.
"""

import json
from typing import Any

from django.conf import settings
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from ninja import NinjaAPI, Swagger
from ninja.operation import Operation

from tandem.api import errors
from tandem.api.auth import ApiTokenAuth
from tandem.api.endpoints import (
    actions,
    assessments,
    ideas,
    indicators,
    initiatives,
    people,
    recognition,
    showcase,
    stories,
    units,
    voice,
)

DESCRIPTION = """\
Tandem's records and organization as JSON.

**Authentication.** Create a personal API token on your profile page (or
`manage.py create_api_token EMAIL`) and send it as `Authorization: Bearer <token>`.
You see and change exactly what you could in the web app.

**Errors** all have the shape `{"detail": "...", "errors": [{"field": "title",
"reason": "..."}]}`: 400 bad input (with the fields), 401 no valid token,
403 you may see it but not change it, 404 it does not exist or you may not see it.

**Lists** take `limit` and `offset` and answer `{"items": [...], "count": total}`.

**Retries.** Send an `Idempotency-Key` header (a UUID you make per request) with a POST
or PATCH: if the connection drops and you send the request again with the same key, it
is not done twice; you get the first answer, marked `Idempotent-Replayed: true`. Keys
are kept 24 hours; the same key with a different request is answered 422.

**Anonymous feedback** (`/feedback`) and **anonymous responses to initiatives**
(`/initiatives`) are never tied to you: the reply code is answered once, when you send
it, and goes in request bodies only (never a URL); sending it and the `/by-code`
operations refuse an `Idempotency-Key`, whose stored answer would be kept with your
login.

**Assessments** (`/assessments`): answers carry no name. The answer to sending them
says only that they were kept (no id, nothing to find them by), and sending them refuses
an `Idempotency-Key` for the same reason; a results cell hidden below the minimum group
has no numbers at all.
"""


class TandemAPI(NinjaAPI):
    """NinjaAPI with short operation ids and only the schemas the operations use."""

    def get_openapi_operation_id(self, operation: Operation) -> str:
        return operation.view_func.__name__

    def get_openapi_schema(self, **kwargs: Any):
        schema = super().get_openapi_schema(**kwargs)
        schemas = schema.get("components", {}).get("schemas", {})
        # ninja also lists the models it flattens into query parameters; no operation
        # refers to them, so they would only clutter the docs.
        while True:
            text = json.dumps({k: v for k, v in schema.items() if k != "components"})
            text += json.dumps(schemas)
            unused = [name for name in schemas if f'"#/components/schemas/{name}"' not in text]
            if not unused:
                return schema
            for name in unused:
                del schemas[name]


# The site's policy, plus inline styles for Swagger UI; scripts stay same-origin only.
DOCS_CSP = {
    **settings.SECURE_CSP,
    "style-src": [*settings.SECURE_CSP.get("style-src", [CSP.SELF]), CSP.UNSAFE_INLINE],
}

api = TandemAPI(
    title="Tandem API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=ApiTokenAuth(),
    docs=Swagger(),
    # Applied by ninja to the docs page and the schema it loads.
    docs_decorator=csp_override(DOCS_CSP),
)
errors.install(api)

api.add_router("/units", units.router)
api.add_router("/people", people.router)
api.add_router("/ideas", ideas.router)
api.add_router("/actions", actions.router)
api.add_router("/stories", stories.router)
api.add_router("/indicators", indicators.router)
api.add_router("/feedback", voice.router)
api.add_router("/initiatives", initiatives.router)
api.add_router("/assessments", assessments.router)
api.add_router("/recognitions", recognition.router)
api.add_router("/contests", recognition.contests_router)
api.add_router("/showcase-days", showcase.router)
