// Mistake: tokio's `Mutex`, but its guard is still a temporary: it is
// dropped at the end of the `let` statement, before the reply is awaited.
// The next task sends its request while this one waits for its reply, and
// the server answers only the last request. Changing the lock is not
// enough: the guard must live across the `.await`.
// grader: fails one exchange at a time, saying "released between a request and its reply"
use std::sync::Arc;

use tokio::sync::Mutex;

type Shared = Arc<Mutex<Connection>>;

fn share(connection: Connection) -> Shared {
    Arc::new(Mutex::new(connection))
}

async fn ask(connection: Shared, id: u32) -> String {
    let reply = connection.lock().await.send(id);
    reply.await
}
