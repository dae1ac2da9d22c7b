//! A Redfish BMC on loopback for the tests: real HTTPS (rustls) with HTTP
//! Basic authentication and keep-alive, serving resources from a directory
//! (`PATH/index.json` for `/PATH`), or misbehaving as a hostile BMC does.
//! Certificates are made with the `openssl` command.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// A self-signed certificate for an IP address, and its SHA-256 fingerprint.
pub struct Cert {
    pub cert: PathBuf,
    pub key: PathBuf,
    pub fingerprint: String,
}

/// `openssl req` a P-256 certificate for `ip` into `dir` as `NAME.pem`.
pub fn make_cert(dir: &Path, name: &str, ip: &str) -> Cert {
    let cert = dir.join(format!("{name}.pem"));
    let key = dir.join(format!("{name}.key"));
    let out = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
        ])
        .args(["-nodes", "-days", "30", "-subj", "/CN=ops test BMC"])
        .arg("-addext")
        .arg(format!("subjectAltName=IP:{ip}"))
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("the openssl command (Debian package openssl) is needed");
    assert!(
        out.status.success(),
        "openssl req: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let der = CertificateDer::from_pem_file(&cert).unwrap();
    Cert {
        cert,
        key,
        fingerprint: fingerprint(&der),
    }
}

/// A CA (`NAME-ca.pem`) and a certificate for `ip` signed by it.
pub fn make_ca_signed(dir: &Path, name: &str, ip: &str) -> (PathBuf, Cert) {
    let ca = make_cert(dir, &format!("{name}-ca"), ip);
    let key = dir.join(format!("{name}.key"));
    let csr = dir.join(format!("{name}.csr"));
    let cert = dir.join(format!("{name}.pem"));
    let ext = dir.join(format!("{name}.ext"));
    std::fs::write(&ext, format!("subjectAltName=IP:{ip}\n")).unwrap();
    let run = |cmd: &mut Command| {
        let out = cmd
            .output()
            .expect("the openssl command (Debian package openssl) is needed");
        assert!(
            out.status.success(),
            "openssl: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(Command::new("openssl")
        .args([
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
        ])
        .args(["-nodes", "-subj", "/CN=ops test BMC signed"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&csr));
    run(Command::new("openssl")
        .args(["x509", "-req", "-days", "30", "-in"])
        .arg(&csr)
        .arg("-CA")
        .arg(&ca.cert)
        .arg("-CAkey")
        .arg(&ca.key)
        .arg("-CAcreateserial")
        .arg("-extfile")
        .arg(&ext)
        .arg("-out")
        .arg(&cert));
    let der = CertificateDer::from_pem_file(&cert).unwrap();
    (
        ca.cert,
        Cert {
            cert,
            key,
            fingerprint: fingerprint(&der),
        },
    )
}

pub fn fingerprint(der: &[u8]) -> String {
    use sha2::Digest;
    let d = sha2::Sha256::digest(der);
    let hex: String = d.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// How the BMC behaves.
#[derive(Clone)]
pub enum Behaviour {
    /// Serve the resources under this directory.
    Serve(PathBuf),
    /// Complete the TLS handshake, then never answer.
    Hang,
    /// Answer every GET with 200 and a body that is not JSON.
    Garbage,
}

pub struct Bmc {
    pub addr: SocketAddr,
    pub user: String,
    pub password: String,
    /// TLS connections accepted, and GETs answered.
    pub connections: Arc<AtomicUsize>,
    pub requests: Arc<AtomicUsize>,
    config: Arc<Mutex<Arc<rustls::ServerConfig>>>,
    stop: Arc<AtomicBool>,
}

fn server_config(cert: &Cert) -> Arc<rustls::ServerConfig> {
    let certs = vec![CertificateDer::from_pem_file(&cert.cert).unwrap()];
    let key = PrivateKeyDer::from_pem_file(&cert.key).unwrap();
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Arc::new(
        rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .unwrap(),
    )
}

impl Bmc {
    /// Listen on `ip`, a free port.
    pub fn start(ip: &str, cert: &Cert, behaviour: Behaviour) -> Bmc {
        let listener = TcpListener::bind((ip, 0)).expect("bind a loopback address");
        Self::on(listener, cert, behaviour)
    }

    pub fn on(listener: TcpListener, cert: &Cert, behaviour: Behaviour) -> Bmc {
        let addr = listener.local_addr().unwrap();
        let bmc = Bmc {
            addr,
            user: "ops".into(),
            password: "s3cret-bmc".into(),
            connections: Arc::new(AtomicUsize::new(0)),
            requests: Arc::new(AtomicUsize::new(0)),
            config: Arc::new(Mutex::new(server_config(cert))),
            stop: Arc::new(AtomicBool::new(false)),
        };
        let auth = format!(
            "Basic {}",
            base64_encode(format!("{}:{}", bmc.user, bmc.password).as_bytes())
        );
        let (config, stop, conns, reqs) = (
            bmc.config.clone(),
            bmc.stop.clone(),
            bmc.connections.clone(),
            bmc.requests.clone(),
        );
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                conns.fetch_add(1, Ordering::SeqCst);
                let cfg = config.lock().unwrap().clone();
                let (b, a, s, r) = (behaviour.clone(), auth.clone(), stop.clone(), reqs.clone());
                std::thread::spawn(move || {
                    let _ = serve(stream, cfg, &b, &a, &s, &r);
                });
            }
        });
        bmc
    }

    /// Present another certificate from now on (a replaced BMC, or a man
    /// in the middle).
    pub fn change_cert(&self, cert: &Cert) {
        *self.config.lock().unwrap() = server_config(cert);
    }
}

impl Drop for Bmc {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(200));
    }
}

fn serve(
    tcp: TcpStream,
    config: Arc<rustls::ServerConfig>,
    behaviour: &Behaviour,
    auth: &str,
    stop: &AtomicBool,
    requests: &AtomicUsize,
) -> std::io::Result<()> {
    tcp.set_read_timeout(Some(Duration::from_millis(200)))?;
    // Each answer goes out in one write: no Nagle wait for a delayed ACK.
    tcp.set_nodelay(true)?;
    let conn = rustls::ServerConnection::new(config).map_err(std::io::Error::other)?;
    let mut tls = rustls::StreamOwned::new(conn, tcp);
    // The handshake, however long the client takes (within reason).
    let mut tries = 0;
    while tls.conn.is_handshaking() {
        match tls.conn.complete_io(&mut tls.sock) {
            Ok(_) => {}
            Err(e)
                if e.kind() == std::io::ErrorKind::WouldBlock
                    || e.kind() == std::io::ErrorKind::TimedOut =>
            {
                tries += 1;
                if tries > 50 || stop.load(Ordering::SeqCst) {
                    return Ok(());
                }
            }
            Err(e) => return Err(e),
        }
    }
    if let Behaviour::Hang = behaviour {
        while !stop.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(50));
        }
        return Ok(());
    }
    let mut reader = BufReader::new(tls);
    loop {
        let mut head = Vec::new();
        let mut line = String::new();
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) => return Ok(()),
                Ok(_) => {}
                Err(e)
                    if e.kind() == std::io::ErrorKind::WouldBlock
                        || e.kind() == std::io::ErrorKind::TimedOut =>
                {
                    if stop.load(Ordering::SeqCst) {
                        return Ok(());
                    }
                    continue;
                }
                Err(e) => return Err(e),
            }
            if line == "\r\n" || line == "\n" {
                break;
            }
            head.push(line.trim_end().to_string());
        }
        if head.is_empty() {
            continue;
        }
        requests.fetch_add(1, Ordering::SeqCst);
        let path = head[0].split_whitespace().nth(1).unwrap_or("/").to_string();
        let authorized = head.iter().any(|h| {
            h.to_ascii_lowercase().starts_with("authorization:") && h[14..].trim() == auth
        });
        let (status, body): (&str, Vec<u8>) = match behaviour {
            _ if !authorized => (
                "401 Unauthorized",
                br#"{"error": {"code": "Base.1.8.GeneralError", "message": "login failed"}}"#
                    .to_vec(),
            ),
            Behaviour::Garbage => ("200 OK", b"<html>BMC web server error\x00\xff".to_vec()),
            Behaviour::Serve(root) => {
                let clean = path.split('?').next().unwrap_or("/").trim_matches('/');
                let file = root.join(clean).join("index.json");
                match std::fs::read(&file) {
                    Ok(b) if !clean.contains("..") => ("200 OK", b),
                    _ => (
                        "404 Not Found",
                        br#"{"error": {"code": "Base.1.8.ResourceMissingAtURI"}}"#.to_vec(),
                    ),
                }
            }
            Behaviour::Hang => unreachable!(),
        };
        let out = reader.get_mut();
        let mut answer = format!(
            "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nOData-Version: 4.0\r\n\r\n",
            body.len()
        )
        .into_bytes();
        answer.extend_from_slice(&body);
        out.write_all(&answer)?;
        out.flush()?;
    }
}

fn base64_encode(data: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(data)
}
