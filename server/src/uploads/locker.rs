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
