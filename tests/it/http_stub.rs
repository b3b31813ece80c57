//! A local stand-in for an HTTP JSON API on 127.0.0.1 (the Zalo send endpoints): records every
//! request's path, headers and JSON body, and answers each with the same JSON.

use serde_json::Value;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// One request as the stand-in saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub path: String,
    /// Header names in lower case.
    pub headers: HashMap<String, String>,
    pub body: Value,
    /// The body as sent (forms are not JSON).
    pub raw: String,
}

/// A reply waiting for a path suffix: its status (`None`: the stand-in's) and body.
type Queued = (String, Option<&'static str>, Value);

#[derive(Clone)]
pub struct Stub {
    seen: Arc<(Mutex<Vec<Seen>>, Condvar)>,
    /// Requests received so far, counted on arrival (before any pause, [`Stub::slow`]).
    arrived: Arc<(Mutex<usize>, Condvar)>,
    /// Replies for paths ending with a suffix (with their own status, or the stand-in's), used
    /// once each before the default reply.
    queued: Arc<Mutex<Vec<Queued>>>,
    /// Paths ending with this suffix answer the default reply only after a pause (long polling).
    slow: Arc<Mutex<Option<(String, Duration)>>>,
    /// The HTTP status of every answer.
    status: &'static str,
    pub url: String,
}

impl Stub {
    /// Starts a stand-in answering every request with `reply`.
    pub fn start(reply: Value) -> Stub {
        Stub::start_with("200 OK", reply)
    }

    /// Starts a stand-in answering every request with this HTTP `status` (e.g. a failing API:
    /// "500 Internal Server Error") and `reply`; queued replies come with the same status.
    pub fn start_with(status: &'static str, reply: Value) -> Stub {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let stub = Stub {
            seen: Arc::default(),
            arrived: Arc::default(),
            queued: Arc::default(),
            slow: Arc::default(),
            status,
            url,
        };
        let server = stub.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (server, reply) = (server.clone(), reply.clone());
                std::thread::spawn(move || server.serve(stream, &reply));
            }
        });
        stub
    }

    /// The next request to a path ending with `suffix` gets `reply`.
    pub fn queue(&self, suffix: &str, reply: Value) {
        self.queued.lock().unwrap().push((suffix.to_owned(), None, reply));
    }

    /// The next request to a path ending with `suffix` fails: answered with `status` and no JSON
    /// body, or its connection dropped ([`DROP`]).
    pub fn fail_next(&self, suffix: &str, status: &'static str) {
        self.queued.lock().unwrap().push((suffix.to_owned(), Some(status), Value::Null));
    }

    /// Requests to paths ending with `suffix` with nothing queued wait `pause`, like a long poll.
    pub fn slow(&self, suffix: &str, pause: Duration) {
        *self.slow.lock().unwrap() = Some((suffix.to_owned(), pause));
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.0.lock().unwrap().clone()
    }

    /// Waits until at least `n` requests arrived.
    pub fn wait(&self, n: usize, timeout: Duration) -> Vec<Seen> {
        let deadline = Instant::now() + timeout;
        let (lock, cvar) = &*self.seen;
        let mut seen = lock.lock().unwrap();
        while seen.len() < n {
            let now = Instant::now();
            assert!(now < deadline, "waited {timeout:?} for {n} request(s); got {:#?}", *seen);
            seen = cvar.wait_timeout(seen, deadline - now).unwrap().0;
        }
        seen.clone()
    }

    /// [`Stub::wait`] for async tests: waits on the blocking pool, never holding a runtime
    /// worker (the server under test needs them to send what is waited for).
    pub async fn wait_async(&self, n: usize, timeout: Duration) -> Vec<Seen> {
        let stub = self.clone();
        match tokio::task::spawn_blocking(move || stub.wait(n, timeout)).await {
            Ok(seen) => seen,
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        }
    }

    /// Waits until at least `n` requests arrived, answered or not yet (a slow path holds its
    /// answer back; [`Stub::wait`] sees a request only once answered).
    pub fn wait_arrived(&self, n: usize, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        let (lock, cvar) = &*self.arrived;
        let mut arrived = lock.lock().unwrap();
        while *arrived < n {
            let now = Instant::now();
            assert!(now < deadline, "waited {timeout:?} for {n} request(s) to arrive; {} did", *arrived);
            arrived = cvar.wait_timeout(arrived, deadline - now).unwrap().0;
        }
    }

    fn serve(&self, stream: TcpStream, reply: &Value) {
        serve_json(stream, |request| {
            {
                let (lock, cvar) = &*self.arrived;
                *lock.lock().unwrap() += 1;
                cvar.notify_all();
            }
            let queued = {
                let mut queued = self.queued.lock().unwrap();
                let found = queued.iter().position(|(suffix, _, _)| request.path.ends_with(suffix.as_str()));
                found.map(|i| {
                    let (_, status, reply) = queued.remove(i);
                    (status, reply)
                })
            };
            let pause = self.slow.lock().unwrap().clone().filter(|(s, _)| request.path.ends_with(s.as_str()));
            if let (None, Some((_, pause))) = (&queued, pause) {
                std::thread::sleep(pause);
            }
            let (lock, cvar) = &*self.seen;
            lock.lock().unwrap().push(request);
            cvar.notify_all();
            match queued {
                Some((status, reply)) => (status.unwrap_or(self.status), reply),
                None => (self.status, reply.clone()),
            }
        });
    }
}

/// The status that closes the connection without answering (a dropped connection).
pub const DROP: &str = "drop";

/// Serves HTTP/1.1 requests on one connection, each answered with the JSON `answer` returns.
pub fn serve_json(stream: TcpStream, mut answer: impl FnMut(Seen) -> (&'static str, Value)) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let mut headers = HashMap::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
            }
        }
        let length = headers.get("content-length").and_then(|l| l.parse().ok()).unwrap_or(0);
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let path = request_line.split_whitespace().nth(1).unwrap_or("/").to_owned();
        let raw = String::from_utf8_lossy(&body).into_owned();
        let body = serde_json::from_slice(&body).unwrap_or(Value::Null);
        let (status, reply) = answer(Seen { path, headers, body, raw });
        if status == DROP {
            // The connection breaks before any answer.
            return;
        }
        let text = reply.to_string();
        let response = format!(
            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{text}",
            text.len()
        );
        if writer.write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}
