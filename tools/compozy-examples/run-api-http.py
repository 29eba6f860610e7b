#!/usr/bin/env python3
"""Sends the requests of a REST Client file (.http, as Compozy's examples write them) to a running
platform, with a bearer key, and prints each answer's status and the end state of every execution
it started. Usage: run-api-http.py FILE BASE_URL API_KEY

Understands what the examples use: `@var = value` lines, `# @name req` before a request,
`{{var}}`, `{{req.response.body.path.to.value}}` and `{{req.response.headers.Name}}` references, requests split by `###`. Their
localhost:5001 is replaced by BASE_URL's host.
"""
import json
import re
import sys
import time
import urllib.error
import urllib.request


def blocks(text):
    block = []
    for line in text.splitlines():
        if line.startswith("###"):
            yield block
            block = []
        else:
            block.append(line)
    yield block


def main(path, base, key):
    variables = {"baseUrl": base, "base_url": base, "host": base.rsplit("/api/v0", 1)[0]}
    responses = {}
    headers_of = {}
    started = []
    failures = 0

    def resolve(text):
        def one(m):
            name = m.group(1).strip()
            if name in variables:
                return resolve(variables[name])
            parts = name.split(".")
            if len(parts) == 4 and parts[1] == "response" and parts[2] == "headers" and parts[0] in headers_of:
                return headers_of[parts[0]].get(parts[3].lower(), "")
            if len(parts) > 3 and parts[1] == "response" and parts[2] == "body" and parts[0] in responses:
                value = responses[parts[0]]
                for p in parts[3:]:
                    value = value.get(p) if isinstance(value, dict) else None
                return "" if value is None else str(value)
            if name.startswith("$"):
                return str(int(time.time())) if name == "$timestamp" else m.group(0)
            return m.group(0)
        return re.sub(r"\{\{([^}]+)\}\}", one, text)

    for block in blocks(open(path).read()):
        name = None
        request = None
        headers = {}
        body = []
        in_body = False
        for line in block:
            if not in_body and (line.startswith("#") or line.startswith("//")):
                m = re.match(r"#\s*@name\s+(\S+)", line)
                if m:
                    name = m.group(1)
                continue
            if request is None:
                m = re.match(r"@(\w+)\s*=\s*(.*)", line)
                if m:
                    variables[m.group(1)] = m.group(2).strip()
                    continue
                m = re.match(r"(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\S+)", line)
                if m:
                    request = (m.group(1), m.group(2))
                continue
            if not in_body:
                if line.strip() == "":
                    in_body = True
                elif ":" in line:
                    k, v = line.split(":", 1)
                    headers[k.strip()] = v.strip()
                continue
            body.append(line)
        if request is None:
            continue
        method, url = request[0], resolve(request[1])
        for default in ("http://localhost:5001", "http://127.0.0.1:5001"):  # the examples' own address: this platform's instead
            url = url.replace(default, variables["host"])
        data = resolve("\n".join(body).strip())
        req = urllib.request.Request(url, data=data.encode() if data else None, method=method)
        for k, v in headers.items():
            req.add_header(k, resolve(v))
        req.add_header("Authorization", "Bearer " + key)
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                status, text, got = r.status, r.read().decode(), {k.lower(): v for k, v in r.headers.items()}
        except urllib.error.HTTPError as e:
            status, text, got = e.code, e.read().decode(), {k.lower(): v for k, v in e.headers.items()}
        except Exception as e:  # a refused connection or a timeout
            status, text, got = 0, str(e), {}
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = text
        if name:
            responses[name] = parsed
            headers_of[name] = got
        data_part = parsed.get("data") if isinstance(parsed, dict) else None
        if isinstance(data_part, dict) and data_part.get("exec_url") and method == "POST":
            started.append(data_part["exec_url"])
        failures += status >= 400 or status == 0
        summary = text if len(text) < 160 else text[:160] + "..."
        print(f"{status} {method} {url.replace(base, '')}  {summary}")
    print("executions:")
    for exec_url in started:
        url = variables["host"] + exec_url
        state = None
        for _ in range(120):
            req = urllib.request.Request(url, headers={"Authorization": "Bearer " + key})
            try:
                with urllib.request.urlopen(req, timeout=30) as r:
                    state = json.loads(r.read().decode())["data"]
            except Exception as e:
                state = {"status": "unreadable: " + str(e)}
            if state.get("status") not in ("pending", "running", "waiting", "paused"):
                break
            time.sleep(1)
        error = state.get("error")
        failures += state.get("status") != "success"
        print(f"  {exec_url}: {state.get('status')}" + (f" {json.dumps(error)[:300]}" if error else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3]))
