// Mistake: rustc refuses a std guard held across an `.await` in a spawned
// task, so this keeps std's `Mutex` and waits for the reply without an
// `.await`, with the blocking `send_blocking`. The exchanges take turns and
// the replies are right, but each one blocks the runtime's only thread for
// its whole wait: the heartbeat, and every other task, stop meanwhile.
// grader: fails heartbeat, saying "blocked the runtime's only thread"
use std::sync::{Arc, Mutex};

type Shared = Arc<Mutex<Connection>>;

fn share(connection: Connection) -> Shared {
    Arc::new(Mutex::new(connection))
}

async fn ask(connection: Shared, id: u32) -> String {
    connection.lock().unwrap().send_blocking(id)
}
