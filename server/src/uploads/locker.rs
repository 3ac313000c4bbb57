//! Which uploads a request is writing or finishing right now (tusd's memory locker, and with
//! several instances the database's advisory lock too): one at a time per upload, released when
//! the guard drops, even if the request's task is cancelled.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use crate::store::{Held, Records};

#[derive(Clone)]
pub struct Locker {
    busy: Arc<Mutex<HashSet<String>>>,
    /// Where other instances' locks are seen (PostgreSQL); the embedded engine has no others.
    records: Option<Records>,
}

impl Locker {
    pub fn new(records: Option<Records>) -> Locker {
        Locker { busy: Arc::default(), records }
    }

    /// `None` if another request (of this instance, or of another) holds this upload.
    pub async fn lock(&self, id: &str) -> Option<Lock> {
        let mut local = self.lock_here(id)?;
        match &self.records {
            None => Some(local),
            Some(records) => match records.hold(&format!("upload:{id}")).await {
                Ok(Some(held)) => {
                    local.held = Some(held);
                    Some(local)
                }
                Ok(None) => None,
                // Logged where it happened; the upload is answered as busy.
                Err(_) => None,
            },
        }
    }

    /// This instance's lock only (files of this machine's folder).
    pub fn lock_here(&self, id: &str) -> Option<Lock> {
        let mut busy = self.busy.lock().unwrap_or_else(|p| p.into_inner());
        busy.insert(id.to_string()).then(|| Lock { locker: self.clone(), id: id.to_string(), held: None })
    }

    /// The lock, waiting up to `wait` for its holder to let go (as tusd does): a PATCH whose
    /// connection just broke is still writing what arrived, and its client's retry (a HEAD, the
    /// next PATCH) should see the upload as it ends up, not be turned away. `None` after `wait`.
    pub async fn lock_within(&self, id: &str, wait: std::time::Duration) -> Option<Lock> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            match self.lock(id).await {
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
    /// The lock across instances, let go when this drops.
    #[allow(dead_code)]
    held: Option<Held>,
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
        let l = Locker::new(None);
        let held = l.lock("x").await.unwrap();
        let wait = std::time::Duration::from_millis(100);
        assert!(l.lock_within("x", wait).await.is_none(), "still held after the wait");
        let later = tokio::spawn({
            let l = l.clone();
            async move { l.lock_within("x", std::time::Duration::from_secs(5)).await.is_some() }
        });
        drop(held);
        assert!(later.await.unwrap());
    }

    #[tokio::test]
    async fn one_holder_at_a_time_and_released_on_drop() {
        let l = Locker::new(None);
        let a = l.lock("x").await.unwrap();
        assert!(l.lock("x").await.is_none());
        assert!(l.lock("y").await.is_some());
        drop(a);
        assert!(l.lock("x").await.is_some());
    }
}
