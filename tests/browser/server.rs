//! A static file server for the built book, on 127.0.0.1, that answers the
//! way GitHub Pages does where it matters to the tests: the book lives under
//! `site-url`, text is gzipped, and a missing page gets `404.html` with
//! status 404.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Serves `dir` at `http://127.0.0.1:PORT{prefix}` on background threads
/// (they end with the test process) and returns that URL.
pub fn serve(dir: PathBuf, prefix: String) -> std::io::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}{prefix}", listener.local_addr()?);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (dir, prefix) = (dir.clone(), prefix.clone());
            std::thread::spawn(move || {
                // A reset connection is the browser's business, not a
                // failure of the book; the browser reports what it missed.
                let _ = respond(stream, &dir, &prefix);
            });
        }
    });
    Ok(url)
}

fn respond(mut stream: TcpStream, dir: &Path, prefix: &str) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut gzip = false;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" {
            break;
        }
        let header = header.to_ascii_lowercase();
        gzip |= header.starts_with("accept-encoding:") && header.contains("gzip");
    }

    let target = request_line.split(' ').nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or_default();
    let file = path
        .strip_prefix(prefix)
        .filter(|rest| !rest.split('/').any(|part| part == ".."))
        .map(|rest| match rest {
            "" => dir.join("index.html"),
            rest if rest.ends_with('/') => dir.join(rest).join("index.html"),
            rest => dir.join(rest),
        })
        .filter(|file| file.is_file());
    let (status, file) = match file {
        Some(file) => ("200 OK", file),
        None => ("404 Not Found", dir.join("404.html")),
    };

    let (content_type, text) = content_type(&file);
    let (body, encoding) = if gzip && text {
        (gzipped(&file)?, "Content-Encoding: gzip\r\n")
    } else {
        (Arc::new(std::fs::read(&file)?), "")
    };
    // `no-store`: every page load fetches everything again, so the bytes
    // measured for each page are those of a reader's first visit.
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         {encoding}Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)?;
    stream.flush()
}

/// `file`, gzipped at the default level (what web servers use), compressed
/// once: unoptimized, compression would slow every page load by a second.
fn gzipped(file: &Path) -> std::io::Result<Arc<Vec<u8>>> {
    use flate2::{Compression, write::GzEncoder};
    static GZIPPED: Mutex<BTreeMap<PathBuf, Arc<Vec<u8>>>> = Mutex::new(BTreeMap::new());
    if let Some(body) = GZIPPED.lock().unwrap().get(file) {
        return Ok(Arc::clone(body));
    }
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(&std::fs::read(file)?)?;
    let body = Arc::new(encoder.finish()?);
    GZIPPED
        .lock()
        .unwrap()
        .insert(file.to_owned(), Arc::clone(&body));
    Ok(body)
}

/// The MIME type of a file of the book, and whether it is text (worth
/// compressing; fonts and images are compressed already).
fn content_type(file: &Path) -> (&'static str, bool) {
    match file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" => ("text/html; charset=utf-8", true),
        "css" => ("text/css; charset=utf-8", true),
        "js" => ("text/javascript; charset=utf-8", true),
        "json" => ("application/json", true),
        "svg" => ("image/svg+xml", true),
        "txt" => ("text/plain; charset=utf-8", true),
        "png" => ("image/png", false),
        "ico" => ("image/x-icon", false),
        "woff2" => ("font/woff2", false),
        "woff" => ("font/woff", false),
        "ttf" => ("font/ttf", false),
        _ => ("application/octet-stream", false),
    }
}
