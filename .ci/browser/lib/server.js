// A tiny static file server for the checks: serves a built site under its base path
// (e.g. /zhuhai-zunyi/), on 127.0.0.1 only, on a port the kernel picks. Directories get their
// index.html, missing files get the site's 404.html with status 404, as a static host would.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
};

async function isFile(file) {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * Starts serving `dir` under `base` ("/sub/"). `dir` may be a function returning the folder,
 * so a caller can learn the port first and build the site for it afterwards.
 * Resolves to { port, origin, url(rel), errors, close() }; `errors` lists every 4xx/5xx answer.
 */
export async function serve(dir, base = "/") {
  const errors = [];
  const root = () => path.resolve(typeof dir === "function" ? dir() : dir);
  const server = createServer(async (req, res) => {
    const send = (code, body, type, headOnly) => {
      if (code >= 400) errors.push(`${code} ${req.method} ${req.url}`);
      res.writeHead(code, { "Content-Type": type, "Content-Length": body.length, "Cache-Control": "no-cache" });
      res.end(headOnly ? undefined : body);
    };
    const headOnly = req.method === "HEAD";
    if (req.method !== "GET" && !headOnly) return send(405, Buffer.from("method not allowed"), TYPES[".txt"]);
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      return send(400, Buffer.from("bad request"), TYPES[".txt"]);
    }
    const notFound = async () => {
      const page404 = path.join(root(), "404.html");
      const body = (await isFile(page404)) ? await readFile(page404) : Buffer.from("not found");
      send(404, body, TYPES[".html"], headOnly);
    };
    if (pathname + "/" === base) {
      res.writeHead(301, { Location: base });
      return res.end();
    }
    if (!pathname.startsWith(base) || pathname.includes("\0") || pathname.split("/").includes("..")) {
      return notFound();
    }
    let file = path.join(root(), pathname.slice(base.length));
    if (!file.startsWith(root())) return notFound();
    if (pathname.endsWith("/")) file = path.join(file, "index.html");
    else if (!(await isFile(file)) && (await isFile(path.join(file, "index.html")))) {
      res.writeHead(301, { Location: pathname + "/" });
      return res.end();
    }
    if (!(await isFile(file))) return notFound();
    const type = TYPES[path.extname(file).toLowerCase()] || "application/octet-stream";
    send(200, await readFile(file), type, headOnly);
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  return {
    port,
    origin,
    errors,
    url: (rel = "") => origin + base + rel.replace(/^\//, ""),
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}
