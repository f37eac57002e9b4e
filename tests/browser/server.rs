//! The built book on 127.0.0.1, answered the way GitHub Pages answers where
//! it matters to the tests: a URL's path is a file's path below the site's
//! folder, text is gzipped, and a missing page gets `404.html` with status
//! 404. tower-http's `ServeDir` and `Compression` do it, over hyper.

use std::path::PathBuf;

use http::{HeaderValue, header};
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tower_http::compression::Compression;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeader;

/// Serves the folder `site` at `http://127.0.0.1:PORT/`, with `not_found`
/// for a path that is no file, on a thread of its own (it ends with the
/// test process), and returns `http://127.0.0.1:PORT`.
pub fn serve(site: PathBuf, not_found: PathBuf) -> std::io::Result<String> {
    let files = ServeDir::new(site).not_found_service(ServeFile::new(not_found));
    // Fonts (woff2), like images, are compressed already.
    let text = DefaultPredicate::new().and(NotForContentType::const_new("font/"));
    let gzipped = Compression::new(files).compress_when(text);
    // `no-store`: every page load fetches everything again, so the bytes
    // measured for each page are those of a reader's first visit.
    let service = SetResponseHeader::overriding(
        gzipped,
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    );

    let runtime = tokio::runtime::Runtime::new()?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let origin = format!("http://{}", listener.local_addr()?);
    std::thread::spawn(move || {
        runtime.block_on(async {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let service = TowerToHyperService::new(service.clone());
                let connection = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service);
                // A reset connection is the browser's business, not a
                // failure of the book; the browser reports what it missed.
                tokio::spawn(async move {
                    let _ = connection.await;
                });
            }
        })
    });
    Ok(origin)
}
