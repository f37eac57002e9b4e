//! The built book on 127.0.0.1, answered the way GitHub Pages answers where
//! it matters to the tests: a URL's path is a file's path below the site's
//! folder, text is gzipped, and a missing page gets `404.html` with status
//! 404. tower-http's `ServeDir` does it, over hyper.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use http::{HeaderValue, header};
use hyper_util::rt::TokioIo;
use tower_http::services::{ServeDir, ServeFile};

/// What the server lets a browser keep in its cache.
#[derive(Clone, Copy)]
pub enum Caching {
    /// `no-store`: every page load fetches everything again, so the bytes
    /// measured for a page are those of a reader's first visit. All but
    /// the quiz's script (`quiz/`, 1.4 MB), which a page loads only after
    /// its first paint and whose bytes no page's weight counts: kept, as
    /// with GitHub Pages, its parse and compile are not redone on every
    /// page the test reads.
    Nothing,
    /// `max-age=600` on every file, as GitHub Pages sends: a reader's next
    /// pages take the scripts, styles and fonts from the cache. Errors are
    /// never kept (`no-store`), so a missing file is asked for, and
    /// reported, on every page that needs it.
    LikeGitHubPages,
}

/// Serves the folder `site` at `http://127.0.0.1:PORT/`, with `not_found`
/// for a path that is no file, on a thread of its own (it ends with the
/// test process), and returns `http://127.0.0.1:PORT`. Call
/// [`gzip_text_files`] on `site` first.
pub fn serve(site: PathBuf, not_found: PathBuf, caching: Caching) -> std::io::Result<String> {
    // A browser that accepts gzip (Chromium does) gets `FILE.gz`, with
    // `Content-Encoding: gzip`, for each `FILE` that has one.
    let files = ServeDir::new(site)
        .precompressed_gzip()
        .not_found_service(ServeFile::new(not_found).precompressed_gzip());
    let service = move |request: http::Request<hyper::body::Incoming>| {
        let kept = match caching {
            Caching::LikeGitHubPages => true,
            Caching::Nothing => request.uri().path().contains("/quiz/"),
        };
        let mut files = files.clone();
        async move {
            let mut response = files.try_call(request).await?;
            let kept = kept && response.status().is_success();
            let value = if kept { "max-age=600" } else { "no-store" };
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
            Ok::<_, std::io::Error>(response)
        }
    };

    let runtime = tokio::runtime::Runtime::new()?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let origin = format!("http://{}", listener.local_addr()?);
    std::thread::spawn(move || {
        runtime.block_on(async {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let connection = hyper::server::conn::http1::Builder::new().serve_connection(
                    TokioIo::new(stream),
                    hyper::service::service_fn(service.clone()),
                );
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

/// Whether GitHub Pages sends a file of this type and size gzipped: text
/// (HTML, CSS, JavaScript, SVG, JSON…) is, images and fonts (compressed
/// already) are not, nor are files too small to gain. It is tower-http's
/// `DefaultPredicate` for its `Compression` layer, with fonts left out.
fn gzipped(content_type: &str, size: u64) -> bool {
    let image = content_type.starts_with("image/") && !content_type.starts_with("image/svg+xml");
    let font = content_type.starts_with("font/");
    size >= 32 && !image && !font
}

/// Writes `FILE.gz` beside each file below `dir` that [`gzipped`] says
/// GitHub Pages compresses, judged by the content type `ServeDir` gives it.
/// Compressed once here rather than on each request, a page load costs the
/// server (an unoptimized build) next to nothing. It is the gzip, at the
/// level, that tower-http's `Compression` layer sent on each request; in
/// one piece rather than streamed, a page weighs a few hundred bytes less.
pub fn gzip_text_files(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            gzip_text_files(&path)?;
            continue;
        }
        let content_type = mime_guess::from_path(&path)
            .first_raw()
            .unwrap_or("application/octet-stream");
        let text = std::fs::read(&path)?;
        if !gzipped(content_type, text.len() as u64) {
            continue;
        }
        let mut name = path.file_name().unwrap_or_default().to_owned();
        name.push(".gz");
        let file = std::fs::File::create(path.with_file_name(name))?;
        let mut gzip = flate2::write::GzEncoder::new(file, flate2::Compression::default());
        gzip.write_all(&text)?;
        gzip.finish()?;
    }
    Ok(())
}
