#!/usr/bin/env python3
"""Save to reload, end to end: what a writer waits for in `xiezuo serve`.

    bench/serve_e2e.py URL ARTICLE_FILE ARTICLE_PATH RUNS

URL is the address `serve` printed (`http://127.0.0.1:PORT/base/`), ARTICLE_FILE the Markdown
file to append to, ARTICLE_PATH the article's page under URL (`articles/a-00001/`). For each run
it appends a sentence to the file, waits for the `reload` event that open pages get, fetches the
page over HTTP and checks that it holds the sentence: the clock runs from before the write to
after that check. Prints the median and every run in milliseconds.

Runs are PAUSE seconds apart (0.5 unless set), as a writer's saves are: `serve` writes the
search index after the reload, so a save that followed the last one at once would wait for it.
"""

import http.client
import os
import statistics
import sys
import time
import urllib.parse
import urllib.request


def main() -> int:
    url, article_file, article_path, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    parts = urllib.parse.urlsplit(url)
    events = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    events.request("GET", "/__xiezuo/events")
    stream = events.getresponse()
    if stream.status != 200:
        print(f"serve_e2e: the event stream answered {stream.status}", file=sys.stderr)
        return 1
    page_url = urllib.parse.urljoin(url, article_path)
    pause = float(os.environ.get("PAUSE", "0.5"))
    times = []
    for run in range(1, runs + 1):
        if run > 1:
            time.sleep(pause)
        sentence = f"补充：端到端第{run}次修改，两地继续深化产业协作。"
        started = time.perf_counter()
        with open(article_file, "a", encoding="utf-8") as article:
            article.write(f"\n{sentence}\n")
        wait_for_reload(stream)
        with urllib.request.urlopen(page_url, timeout=30) as response:
            page = response.read().decode("utf-8")
        elapsed = (time.perf_counter() - started) * 1000
        if sentence not in page:
            print(f"serve_e2e: {page_url} does not show the edit after the reload", file=sys.stderr)
            return 1
        times.append(elapsed)
    events.close()
    print(f"median {statistics.median(times):.1f} ms; runs: " + " ".join(f"{t:.1f}" for t in times))
    return 0


def wait_for_reload(stream) -> None:
    """Reads server-sent events until a `reload`; a build error is a failure."""
    while True:
        line = stream.readline()
        if not line:
            raise SystemExit("serve_e2e: the event stream closed")
        line = line.decode("utf-8").strip()
        if line == "event: reload":
            return
        if line == "event: build-error":
            raise SystemExit("serve_e2e: the edit failed to build")


if __name__ == "__main__":
    sys.exit(main())
