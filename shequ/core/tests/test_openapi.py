from openapi_spec_validator import validate

from shequ.testing import openapi_spec


def test_openapi_document_is_valid():
    validate(openapi_spec())


def test_every_operation_declares_the_error_shape(client):
    spec = openapi_spec()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert "404" in responses or path.endswith("/token"), f"{method} {path} lacks 404"
            assert "400" in responses, f"{method} {path} lacks 400"


def test_openapi_json_and_docs_are_served_with_local_assets(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Shequ API"
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "http://" not in html and "https://" not in html


def test_schema_names_are_unique_across_apps():
    """The OpenAPI document names components by class name: two apps' `CaseOut` would
    silently become one, and one of the two APIs would be documented (and validated) wrongly."""
    import importlib
    import inspect
    import pkgutil

    from ninja import Schema

    import shequ

    seen: dict[str, str] = {}
    for module_info in pkgutil.walk_packages(shequ.__path__, "shequ."):
        if not module_info.name.endswith(".schemas"):
            continue
        module = importlib.import_module(module_info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Schema) and cls.__module__ == module.__name__:
                assert name not in seen, f"{name} in {module.__name__} and {seen[name]}"
                seen[name] = module.__name__
