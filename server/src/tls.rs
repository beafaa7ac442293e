//! HTTPS with rustls (ring): the certificate chain and key from PEM files,
//! HTTP/2 and HTTP/1.1 offered by ALPN. The files are looked at again every
//! few seconds and taken when they changed and still make a matching pair, so a
//! renewed certificate needs no restart; a broken renewal keeps the old
//! pair and says so in the log.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use rustls::crypto::ring::default_provider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use rustls::ServerConfig;
use tokio_rustls::TlsAcceptor;

/// How often the certificate files are checked for a renewal.
const RECHECK: Duration = Duration::from_secs(5);
/// How long a client gets to finish the TLS handshake.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Reads a chain and its key, and checks that they belong together.
fn read_pair(cert: &Path, key: &Path) -> Result<CertifiedKey, String> {
    let chain = CertificateDer::pem_file_iter(cert)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| format!("cannot read the certificate {}: {e}", cert.display()))?;
    if chain.is_empty() {
        return Err(format!("{} holds no certificate", cert.display()));
    }
    let secret = PrivateKeyDer::from_pem_file(key).map_err(|e| format!("cannot read the private key {}: {e}", key.display()))?;
    CertifiedKey::from_der(chain, secret, &default_provider())
        .map_err(|e| format!("the key {} does not go with the certificate {}: {e}", key.display(), cert.display()))
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// The pair every handshake gets: the last good one read.
#[derive(Debug)]
struct Current(RwLock<Arc<CertifiedKey>>);

impl ResolvesServerCert for Current {
    fn resolve(&self, _: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(self.0.read().unwrap_or_else(|e| e.into_inner()).clone())
    }
}

/// Builds the acceptor from `--tls-cert` and `--tls-key`, and starts the
/// task that takes renewed files.
pub fn acceptor(cert: PathBuf, key: PathBuf) -> Result<TlsAcceptor, String> {
    let current = Arc::new(Current(RwLock::new(Arc::new(read_pair(&cert, &key)?))));
    let mut config = ServerConfig::builder_with_provider(Arc::new(default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_no_client_auth()
        .with_cert_resolver(current.clone());
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    let watched = Arc::downgrade(&current);
    tokio::spawn(async move {
        let mut seen = (modified(&cert), modified(&key));
        loop {
            tokio::time::sleep(RECHECK).await;
            let Some(current) = watched.upgrade() else { return };
            let now = (modified(&cert), modified(&key));
            if now == seen {
                continue;
            }
            // Marked as taken only once taken: a pair that failed (half
            // written, unreadable) is tried again at the next look.
            match read_pair(&cert, &key) {
                Ok(pair) => {
                    *current.0.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(pair);
                    seen = now;
                    tracing::info!("took the renewed certificate");
                }
                Err(e) => tracing::warn!(error = %e, "kept the previous certificate"),
            }
        }
    });
    Ok(TlsAcceptor::from(Arc::new(config)))
}
