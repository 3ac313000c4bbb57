//! What keeps a connection open: real progress, and only that. A connection's [`Activity`]
//! counts the requests in flight on it and the last moment a body moved: a frame of a request
//! body read by a handler, or a frame of a response body taken by the connection to be written.
//! Nothing else counts: not hyper flushing its buffers, not HTTP/2 pings or window updates, not
//! a client sending one byte of headers at a time (the header timeout bounds those).
//!
//! The connection's watchdog ([`super::connection`]) reads it: a connection with requests in
//! flight and no progress for the idle timeout is stalled (a body that stopped coming, a client
//! that stopped reading or keeps a zero flow-control window) and is dropped; one with none in
//! flight is idle and is closed gracefully.

use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use axum::body::Bytes;
use http_body::{Body, Frame, SizeHint};
use tokio::time::{Duration, Instant};

#[derive(Debug)]
struct State {
    in_flight: usize,
    last_progress: Instant,
}

/// One connection's requests in flight and last progress.
#[derive(Debug)]
pub struct Activity {
    state: Mutex<State>,
}

impl Activity {
    pub fn new() -> Arc<Activity> {
        Arc::new(Activity { state: Mutex::new(State { in_flight: 0, last_progress: Instant::now() }) })
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn touch(&self) {
        self.state().last_progress = Instant::now();
    }

    /// A request arrived (its headers are read): in flight until its response body ends or is
    /// dropped.
    pub fn begin(self: &Arc<Self>) -> InFlight {
        let mut s = self.state();
        s.in_flight += 1;
        s.last_progress = Instant::now();
        InFlight { activity: self.clone() }
    }

    /// Requests in flight, and how long since the last progress.
    pub fn quiet(&self) -> (usize, Duration) {
        let s = self.state();
        (s.in_flight, s.last_progress.elapsed())
    }
}

/// A request in flight; dropping it ends it (and counts as progress: an answer was given).
#[derive(Debug)]
pub struct InFlight {
    activity: Arc<Activity>,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut s = self.activity.state();
        s.in_flight -= 1;
        s.last_progress = Instant::now();
    }
}

/// A body whose every frame moved counts as progress on its connection. A response body also
/// carries its request's [`InFlight`], released when the body ends.
pub struct Tracked<B> {
    inner: B,
    activity: Arc<Activity>,
    in_flight: Option<InFlight>,
}

impl<B> Tracked<B> {
    pub fn request(inner: B, activity: Arc<Activity>) -> Self {
        Tracked { inner, activity, in_flight: None }
    }

    pub fn response(inner: B, in_flight: InFlight) -> Self {
        Tracked { inner, activity: in_flight.activity.clone(), in_flight: Some(in_flight) }
    }
}

impl<B: Body<Data = Bytes> + Unpin> Body for Tracked<B> {
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, B::Error>>> {
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        match &polled {
            Poll::Ready(Some(Ok(_))) => self.activity.touch(),
            Poll::Ready(None) | Poll::Ready(Some(Err(_))) => self.in_flight = None,
            Poll::Pending => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    #[tokio::test(start_paused = true)]
    async fn only_moving_bodies_count_as_progress_and_an_ended_body_ends_its_request() {
        let activity = Activity::new();
        let in_flight = activity.begin();
        tokio::time::advance(Duration::from_secs(5)).await;
        assert_eq!(activity.quiet(), (1, Duration::from_secs(5)), "waiting is not progress");
        let mut body = Tracked::response(axum::body::Body::from("answer"), in_flight);
        let frame = body.frame().await.unwrap().unwrap();
        assert_eq!(frame.into_data().unwrap(), "answer");
        assert_eq!(activity.quiet().1, Duration::ZERO, "a frame taken is progress");
        tokio::time::advance(Duration::from_secs(2)).await;
        assert!(body.frame().await.is_none());
        assert_eq!(activity.quiet(), (0, Duration::ZERO), "the request ended with its body");
    }

    #[tokio::test(start_paused = true)]
    async fn a_dropped_response_ends_its_request() {
        let activity = Activity::new();
        let body = Tracked::response(axum::body::Body::from("x"), activity.begin());
        assert_eq!(activity.quiet().0, 1);
        drop(body);
        assert_eq!(activity.quiet().0, 0);
    }
}
