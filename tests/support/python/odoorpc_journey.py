"""OdooRPC (Debian's python3-odoorpc) against the demo backend: issue 16's journey.

Usage: odoorpc_journey.py HOST PORT LOGIN SECRET [readonly]
Prints one JSON object of what it saw; the test compares it with what the server holds.
"""
import json
import sys

import odoorpc

host, port, login, secret = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
readonly = len(sys.argv) > 5 and sys.argv[5] == "readonly"
seen = {}
odoo = odoorpc.ODOO(host, port=port)
seen["version"] = odoo.version
seen["databases"] = odoo.db.list()
odoo.login("fieldbook", login, secret)
seen["uid"] = odoo.env.uid
Partner = odoo.env["res.partner"]
seen["count"] = Partner.search_count([("is_company", "=", True)])
rows = Partner.search_read([("is_company", "=", True)], ["name", "country_id", "category_id"], limit=5, order="id asc")
seen["first"] = [{"id": r["id"], "name": r["name"], "country": r["country_id"]} for r in rows]
company = Partner.browse(rows[0]["id"])
seen["browse_name"] = company.name
seen["browse_country"] = company.country_id.name if company.country_id else None
seen["browse_tags"] = [tag.name for tag in company.category_id]
seen["fields_has_name"] = "name" in Partner.fields_get(["name"], attributes=["type"])
if readonly:
    try:
        odoo.env["ir.config_parameter"].create({"key": "odoorpc.test", "value": "1"})
        seen["refused"] = None
    except odoorpc.error.RPCError as error:
        seen["refused"] = {"message": str(error), "name": (error.info or {}).get("data", {}).get("name")}
else:
    new_id = Partner.create({"name": "OdooRPC Created", "city": "Gent"})
    Partner.write([new_id], {"city": "Brugge"})
    seen["written_city"] = Partner.browse(new_id).city
    Partner.unlink([new_id])
    seen["after_unlink"] = Partner.search_count([("id", "=", new_id)])


def login_error(db, password):
    try:
        odoorpc.ODOO(host, port=port).login(db, login, password)
        return None
    except odoorpc.error.RPCError as error:
        return {"message": str(error), "name": (error.info or {}).get("data", {}).get("name")}


seen["wrong_password"] = login_error("fieldbook", "certainly-not-" + secret)
seen["unknown_database"] = login_error("no_such_database", secret)
print(json.dumps(seen))
