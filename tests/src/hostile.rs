//! A badly behaved HTTP server for the tests of the app's clients: it answers every request the
//! same way (an endless body, a redirect, a status), records what it was sent, and counts
//! connections, so a test can show that nothing reached a server it must not reach.
//!
//! Plain std threads and sockets: the misbehaviour is the point, so no HTTP library decides how
//! it is spoken.

use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How the server answers.
#[derive(Debug, Clone)]
pub enum Behaviour {
    /// `207 Multi-Status`, chunked, a body that never ends.
    EndlessBody,
    /// `status` with `Location: location`.
    Redirect { status: u16, location: String },
    /// `status` with an empty body.
    Status(u16),
}

/// The running server; its thread lives as long as the test process.
pub struct HostileServer {
    /// `http://ADDR:PORT/`
    pub url: String,
    /// Where it listens.
    pub addr: SocketAddr,
    heads: Arc<Mutex<Vec<String>>>,
    connections: Arc<AtomicUsize>,
}

impl HostileServer {
    /// Listens on `ip` (port picked by the system).
    pub fn start(ip: IpAddr, behaviour: Behaviour) -> Self {
        let listener = TcpListener::bind((ip, 0)).expect("bind the hostile server");
        let addr = listener.local_addr().expect("its address");
        let heads = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let (seen, count) = (heads.clone(), connections.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                count.fetch_add(1, Ordering::SeqCst);
                let (seen, behaviour) = (seen.clone(), behaviour.clone());
                std::thread::spawn(move || answer(stream, &behaviour, &seen));
            }
        });
        let host = match ip {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => format!("[{v6}]"),
        };
        Self {
            url: format!("http://{host}:{}/", addr.port()),
            addr,
            heads,
            connections,
        }
    }

    /// The request heads received so far (request line and headers).
    pub fn heads(&self) -> Vec<String> {
        self.heads.lock().map(|h| h.clone()).unwrap_or_default()
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

/// Reads request heads and answers each, until the client goes away.
fn answer(mut stream: TcpStream, behaviour: &Behaviour, seen: &Mutex<Vec<String>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(60)));
    loop {
        let Some(head) = read_head(&mut stream) else { return };
        // The request body (PROPFIND, REPORT, PUT) is skipped by its length.
        let length = head
            .lines()
            .find_map(|l| {
                let (name, value) = l.split_once(':')?;
                name.eq_ignore_ascii_case("content-length")
                    .then(|| value.trim().parse::<usize>().ok())?
            })
            .unwrap_or(0);
        let mut body = vec![0; length];
        if stream.read_exact(&mut body).is_err() {
            return;
        }
        if let Ok(mut heads) = seen.lock() {
            heads.push(head);
        }
        let written = match behaviour {
            Behaviour::EndlessBody => endless(&mut stream),
            Behaviour::Redirect { status, location } => stream.write_all(
                format!("HTTP/1.1 {status} Redirect\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n").as_bytes(),
            ),
            Behaviour::Status(status) => {
                stream.write_all(format!("HTTP/1.1 {status} Status\r\nContent-Length: 0\r\n\r\n").as_bytes())
            }
        };
        if written.is_err() {
            return;
        }
    }
}

fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut byte = [0; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).ok()? == 0 || head.len() > 64 * 1024 {
            return None;
        }
        head.push(byte[0]);
    }
    Some(String::from_utf8_lossy(&head).into_owned())
}

/// A multistatus that never closes: one response element after another, until the client
/// hangs up (the write fails).
fn endless(stream: &mut TcpStream) -> std::io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 207 Multi-Status\r\nContent-Type: application/xml; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n",
    )?;
    let start = "<?xml version=\"1.0\"?><multistatus xmlns=\"DAV:\">";
    stream.write_all(format!("{:x}\r\n{start}\r\n", start.len()).as_bytes())?;
    let element = "<response><href>/endless/</href><propstat><prop><displayname>x</displayname></prop>\
                   <status>HTTP/1.1 200 OK</status></propstat></response>";
    let chunk = element.repeat(64 * 1024 / element.len());
    let framed = format!("{:x}\r\n{chunk}\r\n", chunk.len());
    loop {
        stream.write_all(framed.as_bytes())?;
    }
}

/// The machine's first address that is neither loopback nor link-local, if it has one.
pub fn non_loopback_ip() -> Option<IpAddr> {
    // Connecting a UDP socket sends nothing; it only picks the address a packet would leave by.
    let probe = std::net::UdpSocket::bind(("0.0.0.0", 0)).ok()?;
    probe.connect(("192.0.2.1", 9)).ok()?;
    let ip = probe.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

/// The highest resident set `pid` has had so far (`VmHWM`), in bytes.
pub fn peak_resident(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
