"""The Open311 checks of scripts/check-open311.sh: a real GeoReport v2 client against Huiying."""
import sys

import requests
from georeport import GeoReport

base, api_key = sys.argv[1], sys.argv[2]
failures = 0


def check(name, ok, detail=""):
    global failures
    print(f"{'ok  ' if ok else 'FAIL'} {name}{(': ' + detail) if detail else ''}")
    if not ok:
        failures += 1


for fmt in ("json", "xml"):
    client = GeoReport(base, api_key=api_key, output_format=fmt)
    services = client.get_service_list()
    services = services if isinstance(services, list) else [services]
    check(f"[{fmt}] services list", len(services) > 0 and all("service_code" in s for s in services), f"{len(services)} services")
    code = services[0]["service_code"]
    definition = client.get_service_definition(code)
    check(f"[{fmt}] service definition of {code}", "attributes" in definition, ", ".join(sorted(definition))[:120])

# Create: form-encoded, the spec's own shape (attribute[...] for the jurisdiction's fields).
form = {
    "api_key": api_key,
    "service_code": "NOISE",
    "description": "夜间施工噪音 (Open311 check)",
    "attribute[unit_code]": "G-DFX-01",
    "address_string": "多福巷12号",
    "attribute[type]": "投诉",
    "first_name": "三",
    "last_name": "张",
    "phone": "13800000000",
}
created = requests.post(f"{base}/requests.json", data=form, timeout=30)
body = created.json()
check("POST requests.json creates", created.status_code in (200, 201) and isinstance(body, list) and "service_request_id" in body[0], str(body)[:160])
if failures:
    sys.exit(1)
request_id = body[0]["service_request_id"]

refused = requests.post(f"{base}/requests.json", data={**form, "api_key": "not-a-key"}, timeout=30)
check("a bad api_key is 403 with spec-shaped errors", refused.status_code == 403 and "description" in refused.json()[0], str(refused.json())[:120])
department = requests.post(f"{base}/requests.json", data={**form, "attribute[unit_code]": "DEP-WATER"}, timeout=30)
check("a department as location is refused naming the field", department.status_code == 422 and department.json()[0]["description"].startswith("attribute[unit_code]"), str(department.json())[:160])

for fmt in ("json", "xml"):
    client = GeoReport(base, api_key=api_key, output_format=fmt)
    one = client.get_service_request(request_id)
    check(f"[{fmt}] GET requests/{{id}}", one.get("service_request_id") == request_id and one.get("status") in ("open", "closed"), str(one)[:160])
    listed = client.get_service_requests(service_request_id=request_id)
    listed = listed if isinstance(listed, list) else [listed]
    check(f"[{fmt}] GET requests with service_request_id", [r.get("service_request_id") for r in listed] == [request_id])
    record = listed[0]
    keys = {"service_request_id", "status", "service_code", "requested_datetime", "address", "lat", "long", "media_url"}
    check(f"[{fmt}] record carries the spec's keys", keys <= set(record), ", ".join(sorted(keys - set(record))))
    check(f"[{fmt}] no personal data in the public record", "13800000000" not in str(record) and "张" not in str(record.get("description") or ""))

print(f"open311 (georeport client): {failures} failure(s)")
sys.exit(1 if failures else 0)
