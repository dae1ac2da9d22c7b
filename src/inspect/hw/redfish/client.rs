//! HTTPS to one BMC: one agent and one TLS session for all its GETs.
//!
//! The client is `ureq` 3 with rustls (ring), chosen because a blocking
//! client fits the thread-per-target fan-out of `ops inspect hw` (no async
//! runtime for a few dozen GETs per BMC), it is small and maintained, and
//! rustls needs no OpenSSL. Its connector chain is ureq's TCP connector
//! followed by our own TLS step ([`PinnedTls`]) so that certificates are
//! judged by [`PinningVerifier`]: ureq's own TLS settings have no room for
//! pinning. The agent keeps the connection alive between requests, so a
//! BMC's whole inspection is one TCP connection and one handshake.
//!
//! Every request is bounded: by the target's deadline, by what is left of
//! `max_output` for the body, and by a count ([`MAX_REQUESTS`]) so that a
//! BMC whose links go round in circles cannot keep a run going. Only paths
//! under `/redfish/v1` of the same BMC are followed, so a link can never
//! send the credentials elsewhere.

use super::tls::{PinningVerifier, Verdict};
use crate::inspect::db::credentials::Secret;
use crate::inspect::hw::{HwError, HwLimits, HwTarget};
use base64::Engine;
use rustls::ClientConfig;
use serde_json::Value;
use std::io::{Read, Write};
use std::sync::Arc;
use std::time::Instant;
use ureq::unversioned::resolver::DefaultResolver;
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, Either, LazyBuffers, NextTimeout, TcpConnector,
    Transport, TransportAdapter,
};

/// The most GETs one BMC's inspection makes.
pub const MAX_REQUESTS: usize = 200;

/// Our TLS step of the connector chain: rustls with the pinning verifier.
#[derive(Debug)]
struct PinnedTls {
    config: Arc<ClientConfig>,
}

impl<In: Transport> Connector<In> for PinnedTls {
    type Out = Either<In, TlsTransport>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<In>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        let Some(transport) = chained else {
            return Ok(None);
        };
        if !details.needs_tls() || transport.is_tls() {
            return Ok(Some(Either::A(transport)));
        }
        let host = details
            .uri
            .host()
            .unwrap_or_default()
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        let name = rustls::pki_types::ServerName::try_from(host)
            .map_err(|_| ureq::Error::Tls("the BMC's address is not a valid TLS server name"))?;
        let mut conn = rustls::ClientConnection::new(self.config.clone(), name)?;
        let mut sock = TransportAdapter::new(transport.boxed(), details.current_time.clone());
        sock.set_timeout(details.timeout);
        conn.complete_io(&mut sock)?;
        let buffers = LazyBuffers::new(
            details.config.input_buffer_size(),
            details.config.output_buffer_size(),
        );
        Ok(Some(Either::B(TlsTransport {
            buffers,
            stream: rustls::StreamOwned { conn, sock },
        })))
    }
}

struct TlsTransport {
    buffers: LazyBuffers,
    stream: rustls::StreamOwned<rustls::ClientConnection, TransportAdapter>,
}

impl std::fmt::Debug for TlsTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TlsTransport")
    }
}

impl Transport for TlsTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        self.stream.get_mut().set_timeout(timeout);
        let output = &self.buffers.output()[..amount];
        self.stream.write_all(output)?;
        Ok(())
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.stream.get_mut().set_timeout(timeout);
        let input = self.buffers.input_append_buf();
        let amount = self.stream.read(input)?;
        self.buffers.input_appended(amount);
        Ok(amount > 0)
    }

    fn is_open(&mut self) -> bool {
        self.stream.get_mut().get_mut().is_open()
    }

    fn is_tls(&self) -> bool {
        true
    }
}

/// Why a GET gave no resource.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// The target cannot be inspected any further (down, refused
    /// certificate or login, deadline, size cap).
    Target(HwError),
    /// This resource could not be read (HTTP error, not JSON); the rest
    /// may be.
    Resource(String),
    /// The BMC links a resource it does not have (404, 501): many
    /// firmwares do, for parts they do not implement.
    Missing(String),
    /// [`MAX_REQUESTS`] were made.
    Budget(String),
}

/// One BMC's HTTPS client, its budget and its verifier's verdict.
pub struct Client {
    agent: ureq::Agent,
    base: String,
    authorization: Option<Secret>,
    user: String,
    verifier: Arc<PinningVerifier>,
    deadline: Instant,
    max_output: u64,
    pub bytes: u64,
    pub requests: usize,
}

impl Client {
    pub fn new(
        target: &HwTarget,
        password: Option<&Secret>,
        verifier: Arc<PinningVerifier>,
        provider: Arc<rustls::crypto::CryptoProvider>,
        limits: &HwLimits,
        deadline: Instant,
    ) -> Result<Client, HwError> {
        let (address, port) = (target.address.as_str(), target.port);
        let tls = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| HwError::Failed(format!("TLS setup: {e}")))?
            .dangerous()
            .with_custom_certificate_verifier(verifier.clone())
            .with_no_client_auth();
        let connector = ().chain(TcpConnector::default()).chain(PinnedTls {
            config: Arc::new(tls),
        });
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_connect(Some(limits.connect_timeout))
            .user_agent(concat!("ops/", env!("CARGO_PKG_VERSION")))
            .accept("application/json")
            .max_idle_connections_per_host(1)
            // ureq's 128 KiB buffers, for each of the TCP and TLS layers of
            // each connection, are most of a 100-BMC run's memory; Redfish
            // requests are one short line of headers and answers are read
            // into the body buffer anyway.
            .input_buffer_size(32 * 1024)
            .output_buffer_size(8 * 1024)
            .max_response_header_size(16 * 1024)
            .build();
        let agent = ureq::Agent::with_parts(config, connector, DefaultResolver::default());
        let host = if address.contains(':') {
            format!("[{address}]")
        } else {
            address.to_string()
        };
        let user = target.user.clone().unwrap_or_default();
        let authorization = password.map(|p| {
            let token =
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{}", p.expose()));
            Secret::new(format!("Basic {token}"))
        });
        Ok(Client {
            agent,
            base: format!("https://{host}:{port}"),
            authorization,
            user,
            verifier,
            deadline,
            max_output: limits.max_output,
            bytes: 0,
            requests: 0,
        })
    }

    /// The verifier's verdict on the certificate (after the first request).
    pub fn verdict(&self) -> Option<Verdict> {
        self.verifier.verdict()
    }

    /// GET one resource path (`/redfish/v1/…`) as JSON.
    pub fn get(&mut self, path: &str) -> Result<Value, Fault> {
        if self.requests >= MAX_REQUESTS {
            return Err(Fault::Budget(format!(
                "more than {MAX_REQUESTS} resources linked from /redfish/v1; stopped at {path}"
            )));
        }
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Fault::Target(HwError::Failed(format!(
                "the deadline passed before GET {path}"
            ))));
        }
        self.requests += 1;
        let mut request = self
            .agent
            .get(format!("{}{path}", self.base))
            .config()
            .timeout_global(Some(left))
            .build();
        if let Some(auth) = &self.authorization {
            request = request.header("Authorization", auth.expose());
        }
        let mut response = match request.call() {
            Ok(r) => r,
            Err(e) => return Err(Fault::Target(self.explain(path, e))),
        };
        let status = response.status().as_u16();
        if status == 401 {
            return Err(Fault::Target(HwError::Failed(
                if self.authorization.is_some() {
                    format!("BMC refused the login for {}", self.user)
                } else {
                    format!("BMC asks for a login at {path} and no password was given")
                },
            )));
        }
        let limit = self.max_output.saturating_sub(self.bytes);
        let body = response
            .body_mut()
            .with_config()
            .limit(limit)
            .read_to_vec()
            .map_err(|e| match e {
                ureq::Error::BodyExceedsLimit(_) => Fault::Target(HwError::Failed(format!(
                    "the BMC sent more than {} bytes in all (at {path})",
                    self.max_output
                ))),
                other => Fault::Target(self.explain(path, other)),
            })?;
        self.bytes += body.len() as u64;
        if !(200..300).contains(&status) {
            let reason = format!("GET {path}: HTTP {status}");
            return Err(if status == 404 || status == 501 {
                Fault::Missing(reason)
            } else {
                Fault::Resource(reason)
            });
        }
        serde_json::from_slice(&body)
            .map_err(|e| Fault::Resource(format!("GET {path}: the BMC's answer is not JSON ({e})")))
    }

    /// A ureq error as the user should read it.
    fn explain(&self, path: &str, e: ureq::Error) -> HwError {
        if let Some(Verdict::Refused(reason)) = self.verdict() {
            return HwError::Failed(reason);
        }
        use std::io::ErrorKind as K;
        match e {
            ureq::Error::Io(io)
                if matches!(
                    io.kind(),
                    K::ConnectionRefused
                        | K::HostUnreachable
                        | K::NetworkUnreachable
                        | K::NetworkDown
                        | K::AddrNotAvailable
                ) && self.requests == 1 =>
            {
                HwError::Down(format!("{} ({io})", self.base))
            }
            ureq::Error::ConnectionFailed => {
                HwError::Down(format!("cannot connect to {}", self.base))
            }
            ureq::Error::Timeout(ureq::Timeout::Connect) => HwError::Down(format!(
                "no answer from {} within the connect timeout",
                self.base
            )),
            ureq::Error::Timeout(_) => {
                HwError::Failed(format!("no answer to GET {path} within the deadline"))
            }
            other => HwError::Failed(format!("GET {path}: {other}")),
        }
    }
}
