//! HTTP transport: one blocking agent, a timeout per request, bounded retries with backoff for
//! transient failures only, and a size cap on every response body.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::NetError;

/// How requests are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpConfig {
    /// Whole-request timeout (connect, send, headers and body). Go's client: 5 s.
    pub timeout: Duration,
    /// Attempts per request for transient failures (timeouts, refused or broken connections,
    /// 5xx without an RPC error). Go's client: 5.
    pub attempts: u32,
    /// Backoff unit: attempt `n` waits `unit · n²` plus up to `unit` of jitter. Go's: 0.5 s.
    pub backoff: Duration,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig { timeout: Duration::from_secs(5), attempts: 5, backoff: Duration::from_millis(500) }
    }
}

/// A response: status and (capped) body.
pub(crate) struct Response {
    pub status: u16,
    pub body: Vec<u8>,
}

/// The blocking HTTP client shared by every node of a run.
#[derive(Clone)]
pub struct Transport {
    agent: ureq::Agent,
    config: HttpConfig,
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transport").field("config", &self.config).finish()
    }
}

#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
fn tls() -> Option<ureq::tls::TlsConfig> {
    let provider = Arc::new(rustls_graviola::default_provider());
    Some(
        ureq::tls::TlsConfig::builder()
            .provider(ureq::tls::TlsProvider::Rustls)
            .root_certs(ureq::tls::RootCerts::WebPki)
            .unversioned_rustls_crypto_provider(provider)
            .build(),
    )
}

#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
fn tls() -> Option<ureq::tls::TlsConfig> {
    None
}

/// Whether this build can speak https.
pub fn https_supported() -> bool {
    tls().is_some()
}

impl Transport {
    /// A transport with `config`.
    pub fn new(config: HttpConfig) -> Transport {
        let mut builder = ureq::Agent::config_builder()
            .timeout_global(Some(config.timeout))
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(concat!("lightcheck/", env!("CARGO_PKG_VERSION")));
        if let Some(tls) = tls() {
            builder = builder.tls_config(tls);
        }
        Transport { agent: builder.build().new_agent(), config }
    }

    /// The configuration.
    pub fn config(&self) -> HttpConfig {
        self.config
    }

    /// `GET url`, retried on transient failures, body capped at `max` bytes.
    pub(crate) fn get(&self, url: &str, max: usize, endpoint: &'static str) -> Result<Response, NetError> {
        self.with_retries(url, || self.once(url, None, max, endpoint))
    }

    /// `POST url` with a JSON body, retried on transient failures, body capped at `max` bytes.
    pub(crate) fn post_json(
        &self,
        url: &str,
        body: &[u8],
        max: usize,
        endpoint: &'static str,
    ) -> Result<Response, NetError> {
        self.with_retries(url, || self.once(url, Some(body), max, endpoint))
    }

    fn with_retries(
        &self,
        url: &str,
        mut call: impl FnMut() -> Result<Response, NetError>,
    ) -> Result<Response, NetError> {
        check_url(url)?;
        let attempts = self.config.attempts.max(1);
        let mut attempt = 1;
        loop {
            match call() {
                Ok(r) if r.status >= 500 && r.body.is_empty() && attempt < attempts => {}
                Err(e) if e.is_transient() && attempt < attempts => {}
                other => return other,
            }
            std::thread::sleep(self.backoff(attempt));
            attempt += 1;
        }
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let unit = self.config.backoff;
        // Jitter from the clock's nanoseconds: spreading retries needs no cryptographic randomness.
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
        let jitter = unit.mul_f64(f64::from(nanos % 1000) / 1000.0);
        unit * attempt * attempt + jitter
    }

    fn once(&self, url: &str, body: Option<&[u8]>, max: usize, endpoint: &'static str) -> Result<Response, NetError> {
        let result = match body {
            None => self.agent.get(url).call(),
            Some(b) => self.agent.post(url).header("content-type", "application/json").send(b),
        };
        let mut response = result.map_err(|e| transport_error(url, e))?;
        let status = response.status().as_u16();
        let body = response.body_mut().with_config().limit(max as u64).read_to_vec().map_err(|e| match e {
            ureq::Error::BodyExceedsLimit(_) => NetError::TooLarge { endpoint, max },
            other => transport_error(url, other),
        })?;
        Ok(Response { status, body })
    }
}

/// Node URLs are checked when a node is made ([`crate::RpcNode::new`]); here only whether this
/// build can reach them.
fn check_url(url: &str) -> Result<(), NetError> {
    if url.starts_with("https://") && !https_supported() {
        return Err(NetError::BadUrl {
            url: url.into(),
            reason: "https is not supported by this build (no TLS provider for this platform)",
        });
    }
    Ok(())
}

fn transport_error(url: &str, e: ureq::Error) -> NetError {
    match e {
        ureq::Error::Timeout(_) => NetError::Timeout { url: url.into() },
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => NetError::Timeout { url: url.into() },
        ureq::Error::BadUri(_) => NetError::BadUrl { url: url.into(), reason: "not a valid URL" },
        other => NetError::Unreachable { url: url.into(), reason: other.to_string() },
    }
}
