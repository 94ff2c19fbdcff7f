"""The examples of Odoo 18's "External API" documentation, with Python's standard xmlrpc.client,
against the demo backend (issue 16). Usage: xmlrpc_docs.py URL LOGIN SECRET [write] [quiet]
("quiet": no wrong-password probes; each counts toward the server's login throttle.)
Prints one JSON object of what each step answered; the test compares it with the server.
"""
import json
import sys
import xmlrpc.client

url, username, password = sys.argv[1], sys.argv[2], sys.argv[3]
db = "fieldbook"
seen = {}

common = xmlrpc.client.ServerProxy("{}/xmlrpc/2/common".format(url))
seen["version"] = common.version()
uid = common.authenticate(db, username, password, {})
seen["uid"] = uid
models = xmlrpc.client.ServerProxy("{}/xmlrpc/2/object".format(url))
seen["can_read"] = models.execute_kw(db, uid, password, "res.partner", "check_access_rights", ["read"], {"raise_exception": False})
seen["search"] = models.execute_kw(db, uid, password, "res.partner", "search", [[["is_company", "=", True]]])
seen["search_page"] = models.execute_kw(db, uid, password, "res.partner", "search", [[["is_company", "=", True]]], {"offset": 10, "limit": 5})
seen["count"] = models.execute_kw(db, uid, password, "res.partner", "search_count", [[["is_company", "=", True]]])
ids = models.execute_kw(db, uid, password, "res.partner", "search", [[["is_company", "=", True]]], {"limit": 1})
[record] = models.execute_kw(db, uid, password, "res.partner", "read", [ids])
seen["read_keys"] = len(record)
seen["read_fields"] = models.execute_kw(db, uid, password, "res.partner", "read", [ids], {"fields": ["name", "country_id", "comment"]})
fields = models.execute_kw(db, uid, password, "res.partner", "fields_get", [], {"attributes": ["string", "help", "type"]})
seen["fields_name"] = fields["name"]
seen["search_read"] = models.execute_kw(db, uid, password, "res.partner", "search_read", [[["is_company", "=", True]]], {"fields": ["name", "country_id", "comment"], "limit": 5})
options = sys.argv[4:]
if "write" in options:
    id = models.execute_kw(db, uid, password, "res.partner", "create", [{"name": "New Partner"}])
    seen["created"] = id
    models.execute_kw(db, uid, password, "res.partner", "write", [[id], {"name": "Newer partner"}])
    seen["after_write"] = models.execute_kw(db, uid, password, "res.partner", "read", [[id], ["display_name"]])
    models.execute_kw(db, uid, password, "res.partner", "unlink", [[id]])
    seen["after_unlink"] = models.execute_kw(db, uid, password, "res.partner", "search", [[["id", "=", id]]])

def fault(call):
    try:
        call()
        return None
    except xmlrpc.client.Fault as error:
        return {"faultCode": error.faultCode, "faultString": error.faultString}

if "quiet" not in options:
    seen["wrong_password"] = fault(lambda: models.execute_kw(db, uid, "wrong", "res.partner", "search", [[]]))
    seen["legacy"] = fault(lambda: xmlrpc.client.ServerProxy("{}/xmlrpc/object".format(url)).execute_kw(db, uid, "wrong", "res.partner", "search", [[]]))
seen["settings"] = fault(lambda: models.execute_kw(db, uid, password, "ir.config_parameter", "search_read", [[]], {"fields": ["key"]}))
seen["no_model"] = fault(lambda: models.execute_kw(db, uid, password, "no.such.model", "search", [[]]))
seen["private"] = fault(lambda: models.execute_kw(db, uid, password, "res.partner", "_read", [[]]))
seen["bad_domain"] = fault(lambda: models.execute_kw(db, uid, password, "res.partner", "search", [[["no_such_field", "=", 1]]]))
dbs = xmlrpc.client.ServerProxy("{}/xmlrpc/2/db".format(url))
seen["db_list"] = dbs.list()
seen["db_drop"] = fault(lambda: dbs.drop("admin", db))
print(json.dumps(seen))
