"""The JSON API, version 1: schemas and endpoints that call into the apps."""

from ninja import NinjaAPI

api = NinjaAPI(title="Tandem API", version="1", urls_namespace="api")
