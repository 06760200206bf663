"""The ceiling for ``bench/serve_benchmark.py``: a WSGI app that answers each page with the exact
status, headers and bytes the site answered, from memory, and does nothing else.

Served by the same gunicorn with the same settings as the site, it is what this machine can do for a
page of that size: the site's throughput is reported as a share of it. The pages come from the pickle
file named by ``CEILING_PAGES``: {path with query string: (status line, [(header, value), …], body)}.
"""

import os
import pickle

with open(os.environ["CEILING_PAGES"], "rb") as file:
    PAGES = pickle.load(file)

NOT_FOUND = ("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "9")], b"not found")


def app(environ, start_response):
    path = environ.get("PATH_INFO", "/")
    if environ.get("QUERY_STRING"):
        path = f"{path}?{environ['QUERY_STRING']}"
    status, headers, body = PAGES.get(path, NOT_FOUND)
    start_response(status, headers)
    return [body]
