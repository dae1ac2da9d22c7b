//! Whom a BMC's certificate is trusted for: a chain to the entry's `ca` or
//! to the system's roots, else a pinned SHA-256 fingerprint of the leaf
//! certificate (the entry's `fingerprint`, or its line in the
//! known-certificates file, as `known_hosts` does for SSH).
//!
//! Most BMCs ship a self-signed certificate, so pinning is the usual case.
//! A BMC not yet pinned is refused unless `--accept-new-certs`, and then
//! pinned by appending one line; a changed certificate is always refused,
//! naming both fingerprints and the line to edit. The handshake signature
//! is verified with the crypto provider's algorithms whatever the trust.

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, RootCertStore, SignatureScheme};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// `sha256:` and the lowercase hex of the DER certificate's digest.
pub fn fingerprint(der: &[u8]) -> String {
    let digest = Sha256::digest(der);
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// The `address:port` key of a BMC in the known-certificates file.
pub fn key(address: &str, port: u16) -> String {
    if address.contains(':') {
        format!("[{address}]:{port}")
    } else {
        format!("{address}:{port}")
    }
}

/// A pinned fingerprint found in the known-certificates file.
#[derive(Debug, Clone, PartialEq)]
pub struct KnownEntry {
    pub line: usize,
    pub fingerprint: [u8; 32],
}

/// The entry for `key` in the text of a known-certificates file: the last
/// line naming it wins; comments (`#`) and blank lines are skipped.
pub fn find_known(text: &str, key: &str) -> Option<KnownEntry> {
    let mut found = None;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut words = line.split_whitespace();
        if words.next() != Some(key) {
            continue;
        }
        if let Some(fp) = words
            .next()
            .and_then(crate::inspect::hw::target::parse_fingerprint)
        {
            found = Some(KnownEntry {
                line: i + 1,
                fingerprint: fp,
            });
        }
    }
    found
}

fn hex(fp: &[u8; 32]) -> String {
    let mut s = String::from("sha256:");
    for b in fp {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Pin `key` by appending one line in a single write to a file opened for
/// appending (so that concurrent runs never lose each other's lines),
/// creating the file 0600 and its directory 0700.
pub fn append_known(path: &Path, key: &str, fingerprint: &str) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
        && !dir.exists()
    {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
    }
    let needs_newline = std::fs::read(path)
        .map(|b| !b.is_empty() && !b.ends_with(b"\n"))
        .unwrap_or(false);
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)?;
    let line = format!(
        "{}{key} {fingerprint}\n",
        if needs_newline { "\n" } else { "" }
    );
    file.write_all(line.as_bytes())?;
    file.sync_all()
}

/// How the certificate of one BMC is to be trusted.
#[derive(Debug, Clone)]
pub enum Trust {
    /// The entry's `fingerprint`.
    Pinned([u8; 32]),
    /// The entry's `ca` file.
    Ca(PathBuf),
    /// The system's roots, else the known-certificates file.
    Known {
        file: PathBuf,
        key: String,
        accept_new: bool,
    },
}

/// What the verifier concluded of the certificate presented.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// It chains to the CA or the system's roots, or matches its pin.
    Trusted,
    /// Seen for the first time and accepted: to be pinned once a request
    /// has gone through.
    New { presented: String },
    /// Refused, with the reason for the user.
    Refused(String),
}

/// A [`ServerCertVerifier`] that trusts as [`Trust`] says and remembers its
/// verdict, so that a refused handshake can be explained.
#[derive(Debug)]
pub struct PinningVerifier {
    trust: Trust,
    chain: Option<Arc<WebPkiServerVerifier>>,
    algorithms: WebPkiSupportedAlgorithms,
    verdict: Mutex<Option<Verdict>>,
}

/// The system's roots, loaded once per process.
fn system_roots() -> Option<Arc<RootCertStore>> {
    static ROOTS: OnceLock<Option<Arc<RootCertStore>>> = OnceLock::new();
    ROOTS
        .get_or_init(|| {
            let mut store = RootCertStore::empty();
            store.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
            (!store.is_empty()).then(|| Arc::new(store))
        })
        .clone()
}

impl PinningVerifier {
    /// Fails when the `ca` file cannot be read or holds no certificate.
    pub fn new(trust: Trust, provider: &Arc<CryptoProvider>) -> Result<PinningVerifier, String> {
        let roots = match &trust {
            Trust::Pinned(_) => None,
            Trust::Ca(path) => {
                let mut store = RootCertStore::empty();
                let certs = CertificateDer::pem_file_iter(path)
                    .map_err(|e| format!("cannot read the CA file {}: {e}", path.display()))?;
                for cert in certs {
                    let cert =
                        cert.map_err(|e| format!("bad certificate in {}: {e}", path.display()))?;
                    store
                        .add(cert)
                        .map_err(|e| format!("bad certificate in {}: {e}", path.display()))?;
                }
                if store.is_empty() {
                    return Err(format!("no certificate in the CA file {}", path.display()));
                }
                Some(Arc::new(store))
            }
            Trust::Known { .. } => system_roots(),
        };
        let chain = match roots {
            Some(roots) => Some(
                WebPkiServerVerifier::builder_with_provider(roots, provider.clone())
                    .build()
                    .map_err(|e| format!("cannot use the certificate roots: {e}"))?,
            ),
            None => None,
        };
        Ok(PinningVerifier {
            trust,
            chain,
            algorithms: provider.signature_verification_algorithms,
            verdict: Mutex::new(None),
        })
    }

    pub fn verdict(&self) -> Option<Verdict> {
        self.verdict.lock().ok().and_then(|v| v.clone())
    }

    fn judge(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        now: UnixTime,
    ) -> Verdict {
        let presented = fingerprint(end_entity);
        let chained = |chain: &WebPkiServerVerifier| {
            chain.verify_server_cert(end_entity, intermediates, server_name, &[], now)
        };
        match &self.trust {
            Trust::Pinned(pin) => {
                if presented == hex(pin) {
                    Verdict::Trusted
                } else {
                    Verdict::Refused(format!(
                        "the certificate presented ({presented}) is not the one pinned by the entry's fingerprint ({})",
                        hex(pin)
                    ))
                }
            }
            Trust::Ca(path) => match self.chain.as_deref().map(chained) {
                Some(Ok(_)) => Verdict::Trusted,
                Some(Err(e)) => Verdict::Refused(format!(
                    "the certificate ({presented}) does not verify against {}: {e}",
                    path.display()
                )),
                None => Verdict::Refused("no CA certificate".into()),
            },
            Trust::Known {
                file,
                key,
                accept_new,
            } => {
                if let Some(Ok(_)) = self.chain.as_deref().map(chained) {
                    return Verdict::Trusted;
                }
                let text = std::fs::read_to_string(file).unwrap_or_default();
                match find_known(&text, key) {
                    Some(entry) if hex(&entry.fingerprint) == presented => Verdict::Trusted,
                    Some(entry) => Verdict::Refused(format!(
                        "the certificate of {key} CHANGED since it was pinned: pinned {}, presented {presented}; \
                         if the BMC's certificate was replaced on purpose, check the new fingerprint on the BMC \
                         and edit {}:{}",
                        hex(&entry.fingerprint),
                        file.display(),
                        entry.line
                    )),
                    None if *accept_new => Verdict::New { presented },
                    None => Verdict::Refused(format!(
                        "the certificate of {key} is not trusted and not pinned; its fingerprint is {presented}: \
                         check it against the BMC's own, then pass --accept-new-certs to pin it in {} \
                         or set fingerprint = \"{presented}\" on its [[bmc]] entry",
                        file.display()
                    )),
                }
            }
        }
    }
}

impl ServerCertVerifier for PinningVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let verdict = self.judge(end_entity, intermediates, server_name, now);
        let refused = matches!(verdict, Verdict::Refused(_));
        if let Ok(mut slot) = self.verdict.lock() {
            *slot = Some(verdict);
        }
        if refused {
            Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::ApplicationVerificationFailure,
            ))
        } else {
            Ok(ServerCertVerified::assertion())
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_line_naming_a_bmc_wins_and_comments_are_skipped() {
        let a = "ab".repeat(32);
        let b = "cd".repeat(32);
        let text = format!(
            "# pinned by ops\n127.0.0.1:443 sha256:{a}\n\n10.0.0.1:443 sha256:{a}\n127.0.0.1:443 sha256:{b}\n"
        );
        let e = find_known(&text, "127.0.0.1:443").unwrap();
        assert_eq!(e.line, 5);
        assert_eq!(e.fingerprint, [0xcd; 32]);
        assert_eq!(find_known(&text, "127.0.0.1:8443"), None);
        assert_eq!(key("::1", 443), "[::1]:443");
    }

    #[test]
    fn pinning_appends_one_line_to_a_private_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ops").join("known_certs");
        append_known(&path, "127.0.0.1:443", "sha256:00").unwrap();
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"# no newline")
            .unwrap();
        append_known(&path, "127.0.0.2:443", "sha256:11").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            "127.0.0.1:443 sha256:00\n# no newline\n127.0.0.2:443 sha256:11\n"
        );
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
    }

    #[test]
    fn fingerprints_are_the_sha256_of_the_der() {
        assert_eq!(
            fingerprint(b""),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
