//! Redis for the tests: a `redis-server` of Debian's package started on a free loopback port,
//! stopped on drop. Where it is not installed the Redis tests say so in one line and return;
//! under `CI=true` they fail instead (`.ci/run` installs it).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct RedisServer {
    child: Option<Child>,
    pub port: u16,
}

impl RedisServer {
    /// A new, empty Redis on a free port; `None` (after one line saying so) where redis-server
    /// is not installed outside CI.
    pub fn start() -> Option<RedisServer> {
        if !crate::support::outside_binary("redis-server", "the Redis store and replica tests") {
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut server = RedisServer { child: None, port };
        server.restart();
        Some(server)
    }

    /// `redis://127.0.0.1:{port}/0`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    /// Stops the server (as a crash would: SIGKILL).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server again on the same port, empty.
    pub fn restart(&mut self) {
        self.stop();
        let spawned = Command::new("redis-server")
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let child = spawned
            .unwrap_or_else(|e| panic!("cannot start redis-server ({e}): install Debian's `redis-server` package"));
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while !self.answers() {
            assert!(Instant::now() < deadline, "redis-server did not answer on port {}", self.port);
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn answers(&self) -> bool {
        let Ok(mut s) = TcpStream::connect(("127.0.0.1", self.port)) else { return false };
        let mut reply = [0u8; 7];
        s.write_all(b"PING\r\n").is_ok() && s.read_exact(&mut reply).is_ok() && &reply == b"+PONG\r\n"
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A Redis that speaks only TLS, its certificate (for 127.0.0.1) signed by a CA made for the
/// test with the `openssl` command; stopped on drop. `None` (after one line saying so) where
/// redis-server or openssl is not installed outside CI.
pub struct TlsRedis {
    child: Child,
    pub port: u16,
    /// The CA's certificate (PEM), for the client to trust.
    pub ca: std::path::PathBuf,
    dir: std::path::PathBuf,
}

impl TlsRedis {
    pub fn start() -> Option<TlsRedis> {
        let what = "the `rediss://` (TLS) store test";
        if !crate::support::outside_binary("redis-server", what) || !crate::support::outside_binary("openssl", what) {
            return None;
        }
        let dir = std::env::temp_dir().join(format!("hoidap-tls-redis-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let openssl = |args: &[&str]| {
            let out = Command::new("openssl").args(args).current_dir(&dir).output().unwrap();
            assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        };
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
        openssl(
            &[
                &["req", "-x509"],
                &ec[..],
                &["-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=hoidap test CA"],
            ]
            .concat(),
        );
        openssl(
            &[
                &["req", "-x509", "-CA", "ca.pem", "-CAkey", "ca.key"],
                &ec[..],
                &["-keyout", "redis.key", "-out", "redis.pem", "-days", "2", "-subj", "/CN=127.0.0.1"],
                &["-addext", "subjectAltName=IP:127.0.0.1", "-addext", "basicConstraints=critical,CA:FALSE"],
                &["-addext", "extendedKeyUsage=serverAuth"],
            ]
            .concat(),
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new("redis-server")
            .args(["--port", "0", "--tls-port", &port.to_string(), "--bind", "127.0.0.1", "--save", ""])
            .args(["--appendonly", "no", "--tls-auth-clients", "no"])
            .args(["--tls-cert-file", "redis.pem", "--tls-key-file", "redis.key", "--tls-ca-cert-file", "ca.pem"])
            .current_dir(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start redis-server ({e})"));
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "redis-server did not listen on TLS port {port}");
            std::thread::sleep(Duration::from_millis(20));
        }
        Some(TlsRedis { child, port, ca: dir.join("ca.pem"), dir })
    }
}

impl Drop for TlsRedis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
