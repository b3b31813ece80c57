//! `hoidap healthcheck`: asks a running `hoidap serve` for `/healthz` (the Docker HEALTHCHECK),
//! over plain HTTP/1.1 on a socket, so the image needs no curl.

use anyhow::{Context as _, Result};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::ExitCode;
use std::time::Duration;

/// How long the whole check may take.
const TIMEOUT: Duration = Duration::from_secs(3);

#[derive(Debug, clap::Args)]
pub struct HealthOptions {
    /// The server's address (`serve` listens on HOIDAP_LISTEN; 0.0.0.0 is asked on 127.0.0.1).
    #[arg(long, env = "HOIDAP_LISTEN", default_value = "0.0.0.0:8080", value_name = "ADDR")]
    listen: SocketAddr,
}

pub fn run(options: &HealthOptions) -> Result<ExitCode> {
    let mut address = options.listen;
    if address.ip().is_unspecified() {
        address.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
    }
    let mut stream = TcpStream::connect_timeout(&address, TIMEOUT)
        .with_context(|| format!("no hoidap server answers on {address} (HOIDAP_LISTEN)"))?;
    stream.set_read_timeout(Some(TIMEOUT))?;
    stream.set_write_timeout(Some(TIMEOUT))?;
    write!(stream, "GET /healthz HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n")?;
    let mut response = String::new();
    stream.read_to_string(&mut response).with_context(|| format!("reading the answer of {address}/healthz"))?;
    let status = response.lines().next().unwrap_or_default();
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.trim()).unwrap_or_default();
    if status.split(' ').nth(1) == Some("200") {
        println!("healthy: {body}");
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("hoidap healthcheck: {address}/healthz answered `{status}`: {body}");
        Ok(ExitCode::from(1))
    }
}
