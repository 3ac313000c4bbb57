//! Which uploads a request is writing or finishing right now (tusd's memory locker): one at a
//! time per upload, released when the guard drops, even if the request's task is cancelled.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
pub struct Locker {
    busy: Arc<Mutex<HashSet<String>>>,
}

impl Locker {
    /// `None` if another request holds this upload.
    pub fn lock(&self, id: &str) -> Option<Lock> {
        let mut busy = self.busy.lock().unwrap_or_else(|p| p.into_inner());
        busy.insert(id.to_string()).then(|| Lock { locker: self.clone(), id: id.to_string() })
    }

    /// The lock, waiting up to `wait` for its holder to let go (as tusd does): a PATCH whose
    /// connection just broke is still writing what arrived, and its client's retry (a HEAD, the
    /// next PATCH) should see the upload as it ends up, not be turned away. `None` after `wait`.
    pub async fn lock_within(&self, id: &str, wait: std::time::Duration) -> Option<Lock> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            match self.lock(id) {
                Some(lock) => return Some(lock),
                None if tokio::time::Instant::now() >= deadline => return None,
                None => tokio::time::sleep(std::time::Duration::from_millis(20)).await,
            }
        }
    }
}

pub struct Lock {
    locker: Locker,
    id: String,
}

impl Drop for Lock {
    fn drop(&mut self) {
        self.locker.busy.lock().unwrap_or_else(|p| p.into_inner()).remove(&self.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_waiting_request_gets_the_lock_once_its_holder_lets_go() {
        let l = Locker::default();
        let held = l.lock("x").unwrap();
        let wait = std::time::Duration::from_millis(100);
        assert!(l.lock_within("x", wait).await.is_none(), "still held after the wait");
        let later = tokio::spawn({
            let l = l.clone();
            async move { l.lock_within("x", std::time::Duration::from_secs(5)).await.is_some() }
        });
        drop(held);
        assert!(later.await.unwrap());
    }

    #[test]
    fn one_holder_at_a_time_and_released_on_drop() {
        let l = Locker::default();
        let a = l.lock("x").unwrap();
        assert!(l.lock("x").is_none());
        assert!(l.lock("y").is_some());
        drop(a);
        assert!(l.lock("x").is_some());
    }
}
