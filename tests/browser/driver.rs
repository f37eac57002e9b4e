//! Headless Chromium driven through chromedriver, and what the browser
//! reports about each page: JavaScript errors, failed requests, requests to
//! other hosts, and the bytes a page load transfers.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::{Element, ElementRef};
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};

/// How long a page may take to go quiet, and any single wait.
pub const PAGE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a page may take to load. More than a reader would wait, as the
/// test measures what a page holds and does, not how fast a busy machine
/// renders it: it runs beside the other tests, which may be compiling, and
/// `print.html` holds the whole book.
pub const LOAD_TIMEOUT: Duration = Duration::from_secs(30);
/// A page that has made no request for this long, and has none under way,
/// is taken to have made all it will.
pub const QUIET: Duration = Duration::from_millis(300);

/// `name` on the PATH, if there.
pub fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|file| file.is_file())
}

/// chromedriver, in a process group of its own with the Chromiums it
/// starts, and the folder of their profiles. Dropping it kills the group
/// and removes the folder, so a failing or panicking test leaves no browser
/// behind.
pub struct Driver {
    child: Child,
    profile: PathBuf,
    pub url: String,
}

impl Driver {
    /// Starts chromedriver on a free port and waits until it listens.
    pub fn start(chromedriver: &Path, profile: PathBuf) -> Result<Driver, String> {
        use std::os::unix::process::CommandExt;

        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .map_err(|e| format!("no free port for chromedriver: {e}"))?
            .port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", chromedriver.display()))?;
        let mut driver = Driver {
            child,
            profile,
            url: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + PAGE_TIMEOUT;
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = driver.child.try_wait() {
                return Err(format!("chromedriver exited at start ({status})"));
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "chromedriver did not listen on port {port} within {PAGE_TIMEOUT:?}"
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(driver)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The group is chromedriver's pid (`process_group(0)`), and
        // Chromium's processes inherit it.
        let group = self.child.id() as libc::pid_t;
        // SAFETY: killpg only sends a signal, to a group this test made.
        unsafe {
            libc::killpg(group, libc::SIGKILL);
        }
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// A WebDriver session on a fresh headless Chromium, logging the console
/// and the network.
pub async fn session(driver: &Driver, chromium: &Path, profile: &Path) -> Result<Client, String> {
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--window-size=1280,900",
        &format!("--user-data-dir={}", profile.display()),
        // Any host but the book's fails at once, so a request to another
        // host shows up as an error instead of a wait (and never leaves
        // the machine).
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    ];
    // A script may take 20 s: the check that nothing scrolls sideways
    // reads the layout of every element of print.html, every chapter at
    // once, and took more than 5 s on a busy 2-core machine once the book
    // had 23 chapters.
    let capabilities = json!({
        "browserName": "chrome",
        "pageLoadStrategy": "normal",
        "timeouts": { "pageLoad": LOAD_TIMEOUT.as_millis() as u64, "script": 20_000, "implicit": 0 },
        "goog:loggingPrefs": { "browser": "ALL", "performance": "ALL" },
        "goog:chromeOptions": {
            "binary": chromium,
            "args": args,
            "perfLoggingPrefs": { "enableNetwork": true, "enablePage": false },
        },
    });
    let Value::Object(capabilities) = capabilities else {
        unreachable!()
    };
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .map_err(|e| format!("chromedriver could not start Chromium: {e}"))
}

/// chromedriver's log endpoint (not in the W3C protocol; Selenium uses it
/// too). Each call returns the entries since the previous call.
#[derive(Debug)]
struct GetLog(&'static str);

impl WebDriverCompatibleCommand for GetLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "type": self.0 }).to_string()),
        )
    }
}

/// When chromedriver logged an entry, from its `timestamp` (milliseconds
/// since 1970); now, if it has none. The log is read in batches, long after
/// some of its events: the time a page has been quiet is counted from when
/// its last event happened, not from when the test read of it.
fn logged_at(timestamp: &Value) -> Instant {
    let now = Instant::now();
    let Some(ms) = timestamp.as_f64() else {
        return now;
    };
    let logged = std::time::UNIX_EPOCH + Duration::from_secs_f64(ms / 1000.0);
    let ago = std::time::SystemTime::now()
        .duration_since(logged)
        .unwrap_or_default();
    now.checked_sub(ago).unwrap_or(now)
}

/// What a page load transferred.
#[derive(Debug, Default, Clone)]
pub struct Weight {
    pub requests: usize,
    pub bytes: u64,
    /// Bytes and URL of each request.
    pub each: Vec<(u64, String)>,
}

/// The browser, and the problems it has reported, each naming its page.
pub struct Browser {
    pub client: Client,
    /// `http://127.0.0.1:PORT`: the only origin a page may request.
    origin: String,
    /// The page the browser shows, as problems name it.
    page: String,
    /// A URL allowed to answer 404 (the test of the 404 page).
    expected_404: Option<String>,
    pending: HashMap<String, String>,
    weight: Weight,
    last_event: Instant,
    pub problems: Vec<String>,
}

impl Browser {
    pub fn new(client: Client, base: &str) -> Browser {
        let url = url::Url::parse(base).expect("the server's URL");
        Browser {
            client,
            origin: url.origin().ascii_serialization(),
            page: "(no page yet)".into(),
            expected_404: None,
            pending: HashMap::new(),
            weight: Weight::default(),
            // Quiet already: the blank page a session starts on makes no
            // request to wait for.
            last_event: Instant::now()
                .checked_sub(QUIET)
                .unwrap_or_else(Instant::now),
            problems: Vec::new(),
        }
    }

    /// Moves to the server at `base`: from now on, its origin is the only
    /// one a page may request.
    pub fn serve_from(&mut self, base: &str) {
        let url = url::Url::parse(base).expect("the server's URL");
        self.origin = url.origin().ascii_serialization();
    }

    pub fn problem(&mut self, what: impl std::fmt::Display) {
        self.problems.push(format!("{}: {what}", self.page));
    }

    /// Runs `script` (a function body) in the page and returns its result.
    pub async fn js(&mut self, script: &str) -> Value {
        match self.client.execute(script, vec![]).await {
            Ok(value) => value,
            Err(e) => {
                self.problem(format!("script failed: {e}\n{script}"));
                Value::Null
            }
        }
    }

    /// Goes to `url` (or, with `click`, follows that link) as page `name`
    /// and waits until it has loaded: its load event has run, and its fonts
    /// are in. The page before is [`settle`](Self::settle)d first, so that
    /// each problem is blamed on its own page and no request of the page
    /// before is cut short.
    ///
    /// The page may still be making requests (the favicon comes after the
    /// load event): the checks of the page run meanwhile, and whatever
    /// calls `open` next, or `settle`, waits for them to end.
    /// Returns whether the browser is at `url` then.
    pub async fn open(&mut self, name: &str, url: &str, click: Option<Element>) -> bool {
        self.settle().await;
        self.page = name.to_owned();
        self.weight = Weight::default();
        self.pending.clear();
        let start = Instant::now();
        self.last_event = start;
        let went = match click {
            Some(link) => link.click().await,
            None => self.client.goto(url).await,
        };
        if let Err(e) = went {
            self.problem(format!("cannot load {url}: {e}"));
            return false;
        }
        // Where the browser is, once the page has loaded.
        let loaded = "return document.readyState === 'complete'
                          && document.fonts.status === 'loaded' && location.href";
        let at = loop {
            let at = match self.client.execute(loaded, vec![]).await {
                Ok(at) => at,
                // A page still busy building itself (print.html renders
                // every chapter's quizzes and editors) may not run even
                // this short script within the script timeout: that is
                // still loading, bounded by LOAD_TIMEOUT below.
                Err(e) if e.is_script_timeout() => Value::Null,
                Err(e) => {
                    self.problem(format!("script failed: {e}\n{loaded}"));
                    Value::Null
                }
            };
            if let Some(at) = at.as_str() {
                break at.to_owned();
            }
            if start.elapsed() > LOAD_TIMEOUT {
                self.poll_network().await;
                let pending: Vec<_> = self.pending.values().cloned().collect();
                self.problem(format!("still loading after {LOAD_TIMEOUT:?}: {pending:?}"));
                match self.client.current_url().await {
                    Ok(at) => break at.to_string(),
                    Err(e) => {
                        self.problem(format!("cannot read the browser's URL: {e}"));
                        return false;
                    }
                }
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        let there = at.split('#').next() == Some(url);
        if !there {
            self.problem(format!(
                "expected to be at {url}, but the browser is at {at}"
            ));
        }
        there
    }

    /// Waits until the page has no request under way and has started none
    /// for [`QUIET`], and returns what it has transferred since it was
    /// opened (every request since, the late ones included).
    pub async fn settle(&mut self) -> Weight {
        let start = Instant::now();
        loop {
            self.poll_network().await;
            let quiet = self.last_event.elapsed();
            if self.pending.is_empty() && quiet >= QUIET {
                break;
            }
            if start.elapsed() > LOAD_TIMEOUT {
                let pending: Vec<_> = self.pending.values().cloned().collect();
                self.problem(format!("still loading after {LOAD_TIMEOUT:?}: {pending:?}"));
                break;
            }
            // Nothing under way: look again when the page will have been
            // quiet long enough, unless it makes a request meanwhile.
            let wait = if self.pending.is_empty() {
                QUIET.saturating_sub(quiet)
            } else {
                Duration::from_millis(20)
            };
            tokio::time::sleep(wait.min(Duration::from_millis(50))).await;
        }
        // What the console said meanwhile, once.
        self.poll_console().await;
        std::mem::take(&mut self.weight)
    }

    /// Allows `url` to answer 404, until the next call.
    pub fn expect_404(&mut self, url: Option<String>) {
        self.expected_404 = url;
    }

    /// Reads the browser's console log: JavaScript errors, failed loads.
    async fn poll_console(&mut self) {
        for entry in self.log("browser").await {
            let level = entry["level"].as_str().unwrap_or_default();
            let message = entry["message"].as_str().unwrap_or_default().to_owned();
            let expected = self.expected_404.as_ref().is_some_and(|url| {
                entry["source"] == "network"
                    && message.starts_with(url.as_str())
                    && message.contains("404")
            });
            if level == "SEVERE" && !expected {
                self.problem(format!("browser error: {message}"));
            }
        }
    }

    /// Reads the network events: requests, their answers, their bytes.
    async fn poll_network(&mut self) {
        for entry in self.log("performance").await {
            let Some(message) = entry["message"].as_str() else {
                continue;
            };
            let Ok(event) = serde_json::from_str::<Value>(message) else {
                continue;
            };
            let at = logged_at(&entry["timestamp"]);
            self.network(&event["message"]["method"], &event["message"]["params"], at);
        }
    }

    /// Takes in one network event, which chromedriver logged `at`.
    fn network(&mut self, method: &Value, params: &Value, at: Instant) {
        let id = params["requestId"].as_str().unwrap_or_default().to_owned();
        match method.as_str().unwrap_or_default() {
            "Network.requestWillBeSent" => {
                let url = params["request"]["url"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                // The browser's own pages (chrome://) and inline data are
                // not requests of the book.
                if !(url.starts_with("http:") || url.starts_with("https:") || url.starts_with("ws"))
                {
                    return;
                }
                if !url.starts_with(&format!("{}/", self.origin)) {
                    self.problem(format!("requested another host: {url}"));
                }
                self.last_event = self.last_event.max(at);
                self.weight.requests += 1;
                self.pending.insert(id, url);
            }
            "Network.responseReceived" if self.pending.contains_key(&id) => {
                let status = params["response"]["status"].as_u64().unwrap_or_default();
                let url = &self.pending[&id];
                if status >= 400 && self.expected_404.as_ref() != Some(url) {
                    let url = url.clone();
                    self.problem(format!("{url} answered {status}"));
                }
            }
            "Network.loadingFinished" => {
                if let Some(url) = self.pending.remove(&id) {
                    self.last_event = self.last_event.max(at);
                    // Bytes on the wire: headers and the (gzipped) body.
                    let bytes = params["encodedDataLength"].as_f64().unwrap_or_default() as u64;
                    self.weight.bytes += bytes;
                    self.weight.each.push((bytes, url));
                }
            }
            "Network.loadingFailed" => {
                if let Some(url) = self.pending.remove(&id) {
                    self.last_event = self.last_event.max(at);
                    let error = params["errorText"].as_str().unwrap_or_default();
                    self.problem(format!("request failed: {url} ({error})"));
                }
            }
            _ => {}
        }
    }

    async fn log(&mut self, kind: &'static str) -> Vec<Value> {
        match self.client.issue_cmd(GetLog(kind)).await {
            Ok(Value::Array(entries)) => entries,
            Ok(other) => {
                self.problem(format!("chromedriver's {kind} log is not a list: {other}"));
                Vec::new()
            }
            Err(e) => {
                self.problem(format!("cannot read chromedriver's {kind} log: {e}"));
                Vec::new()
            }
        }
    }

    /// Polls `script` until it returns something other than `null` or
    /// `false`, for at most [`PAGE_TIMEOUT`]; `None` (and a problem naming
    /// `what`) if it never does.
    pub async fn wait_for(&mut self, what: &str, script: &str) -> Option<Value> {
        let start = Instant::now();
        loop {
            let value = self.js(script).await;
            if !(value.is_null() || value == false) {
                return Some(value);
            }
            if start.elapsed() > PAGE_TIMEOUT {
                self.problem(format!("gave up after {PAGE_TIMEOUT:?} waiting for {what}"));
                return None;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// The element a script returned (`return document.querySelector(…)`),
    /// if it is one.
    pub fn element(&self, value: &Value) -> Option<Element> {
        // How the W3C WebDriver protocol writes an element in JSON.
        const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";
        let id = value.get(ELEMENT_KEY)?.as_str()?;
        Some(Element::from_element_id(
            self.client.clone(),
            ElementRef::from(id.to_owned()),
        ))
    }

    /// Saves a screenshot of the viewport as `file`.
    pub async fn screenshot(&mut self, file: &Path) -> bool {
        match self.client.screenshot().await {
            Ok(png) => match std::fs::write(file, png) {
                Ok(()) => true,
                Err(e) => {
                    self.problem(format!("cannot write {}: {e}", file.display()));
                    false
                }
            },
            Err(e) => {
                self.problem(format!("cannot take a screenshot: {e}"));
                false
            }
        }
    }
}
