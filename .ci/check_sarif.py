"""Checks a SARIF 2.1 log from a build: each named rule has results, and its rule entry carries the docs help link."""
import json
import sys

path, ids = sys.argv[1], sys.argv[2:]
try:
    with open(path, encoding="utf-8-sig") as handle:
        log = json.load(handle)
except (OSError, ValueError) as error:
    print(f"cannot read SARIF {path}: {error}")
    sys.exit(1)

ok = log.get("version") == "2.1.0"
if not ok:
    print(f"expected SARIF version 2.1.0, got {log.get('version')}")
run = log["runs"][0]
results = {r.get("ruleId") for r in run.get("results", [])}
rules = {r["id"]: r for r in run.get("tool", {}).get("driver", {}).get("rules", [])}
for rule_id in ids:
    if rule_id not in results:
        print(f"{rule_id}: no result in the SARIF log")
        ok = False
    help_uri = rules.get(rule_id, {}).get("helpUri", "")
    if not help_uri.endswith(f"/docs/rules/{rule_id}.md"):
        print(f"{rule_id}: helpUri is '{help_uri}', expected it to end with /docs/rules/{rule_id}.md")
        ok = False
sys.exit(0 if ok else 1)
