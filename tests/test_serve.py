"""`charterkg serve`: a read-only SPARQL endpoint and its query page."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from charterkg.serve import create_app
from servers import free_port, stop, wait_for


@pytest.fixture(scope="module")
def client(kg):
    return create_app(kg, timeout=5).test_client()


def test_select_as_sparql_json_and_csv(client):
    q = "SELECT ?id WHERE { ?i ckg:instrumentId ?id } ORDER BY ?id"
    r = client.get("/sparql", query_string={"query": q},
                   headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200 and r.mimetype == "application/sparql-results+json"
    ids = [b["id"]["value"] for b in r.get_json()["results"]["bindings"]]
    assert "north-atlantic-treaty" in ids and ids == sorted(ids)
    r = client.post("/sparql", data=q, content_type="application/sparql-query",
                    headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.data.decode().startswith("id\r\n")


@pytest.mark.parametrize("kwargs", [
    {"data": "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "content_type": "application/sparql-update"},
    {"data": {"update": "DROP ALL"}},
    {"data": {"query": "DELETE WHERE { ?s ?p ?o }"}},
])
def test_updates_are_refused(client, kg, kwargs):
    n = len(kg.store)
    r = client.post("/sparql", **kwargs)
    assert r.status_code == 403 and b"read-only" in r.data
    assert len(kg.store) == n


def test_bad_query_is_400(client):
    r = client.get("/sparql", query_string={"query": "SELECT WHERE {"})
    assert r.status_code == 400


def test_saved_query_api_binds_parameters(client):
    r = client.get("/api/query/members-as-of",
                   query_string={"instrument": "north-atlantic-treaty", "date": "2020-01-01"})
    assert r.status_code == 200 and len(r.get_json()["results"]["bindings"]) == 29
    r = client.get("/api/query/members-as-of",
                   query_string={"instrument": "x\" } UNION { ?s ?p ?o", "date": "2020-01-01"})
    assert r.status_code == 400 and b"parameter 'instrument'" in r.data
    # an answer on a partial list says so (no depositary record of this treaty was found)
    r = client.get("/api/query/members-as-of", query_string={
        "instrument": "arab-league-joint-defence-treaty", "date": "2000-01-01"})
    assert [c["completeness"] for c in r.get_json()["caveats"]] == ["partial"]
    cat = client.get("/api/queries").get_json()
    assert any(q["name"] == "who-must-respond" and {p["name"] for p in q["params"]} ==
               {"attacked", "date"} for q in cat)


def test_a_query_over_the_time_limit_is_stopped(kg):
    slow = create_app(kg, timeout=0.2).test_client()
    q = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    r = slow.get("/sparql", query_string={"query": q})
    assert r.status_code == 503 and b"time limit" in r.data


def test_serve_listens_on_loopback_by_default(tmp_path):
    port = free_port()
    env = dict(os.environ)
    proc = subprocess.Popen([sys.executable, "-m", "charterkg.cli", "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/api/queries", 60, proc)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql?query="
                                    + urllib.parse.quote("ASK { ?s ?p ?o }")) as resp:
            assert json.loads(resp.read())["boolean"] is True
        # the kernel's table of listening sockets: the port is bound to 127.0.0.1 only
        local = [line.split()[1] for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
                 if line.split()[3] == "0A"]  # 0A: LISTEN
        ours = [addr for addr in local if int(addr.split(":")[1], 16) == port]
        assert ours == [f"0100007F:{port:04X}"], ours  # 127.0.0.1, little-endian hex
        assert not Path("/proc/net/tcp6").exists() or not any(
            int(line.split()[1].split(":")[1], 16) == port
            for line in Path("/proc/net/tcp6").read_text().splitlines()[1:])
    finally:
        stop(proc)


def _chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.mark.skipif(_chromium() is None or shutil.which("chromedriver") is None,
                    reason="headless Chromium and chromedriver are not installed "
                           "(.ci/run installs Debian's chromium and chromium-driver)")
def test_the_query_page_in_a_browser(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "charterkg.cli", "serve", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    options = webdriver.ChromeOptions()
    options.binary_location = _chromium()
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(arg)
    driver = None
    try:
        wait_for(f"http://127.0.0.1:{port}/api/queries", 60, proc)
        driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
        driver.get(f"http://127.0.0.1:{port}/")
        wait = WebDriverWait(driver, 30)
        box = wait.until(ec.presence_of_element_located(
            (By.CSS_SELECTOR, ".q[data-name='members-as-of']")))
        box.find_element(By.NAME, "instrument").send_keys("north-atlantic-treaty")
        box.find_element(By.NAME, "date").send_keys("2020-01-01")
        box.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        table = wait.until(ec.presence_of_element_located((By.ID, "result-table")))
        rows = table.find_elements(By.TAG_NAME, "tr")
        assert len(rows) == 1 + 29
        assert "state:USA" in table.text
        links = table.find_elements(By.TAG_NAME, "a")
        assert any(a.get_attribute("href") == "https://w3id.org/charterkg/id/state/USA"
                   for a in links)
        # an answer on a partial list shows its caveat under the table
        field = box.find_element(By.NAME, "instrument")
        field.clear()
        field.send_keys("arab-league-joint-defence-treaty")
        box.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        note = wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#results .caveat")))
        assert "is partial" in note.text
        driver.save_screenshot(str(tmp_path / "caveat.png"))
        # the editor runs an ad-hoc query too
        editor = driver.find_element(By.ID, "editor")
        editor.clear()
        editor.send_keys("SELECT ?id WHERE { ?i ckg:instrumentId ?id } ORDER BY ?id")
        driver.find_element(By.ID, "run").click()
        wait.until(lambda d: "anzus" in d.find_element(By.ID, "results").text)
    finally:
        if driver is not None:
            driver.quit()
        stop(proc)
    time.sleep(0.1)
