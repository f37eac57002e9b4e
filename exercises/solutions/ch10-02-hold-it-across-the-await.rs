use std::sync::Arc;

use tokio::sync::Mutex;

/// The connection behind tokio's `Mutex`, whose guard may be kept across
/// an `.await` in a spawned task.
type Shared = Arc<Mutex<Connection>>;

fn share(connection: Connection) -> Shared {
    Arc::new(Mutex::new(connection))
}

/// Sends request `id` and returns its reply, holding the connection from
/// the request to the reply.
async fn ask(connection: Shared, id: u32) -> String {
    // `lock().await` waits as a task while another holds the connection,
    // so the runtime's thread runs other tasks meanwhile. The guard is a
    // variable: it lives to the end of the function, across the `.await`
    // of the reply, and no other request can be sent until it is dropped.
    let mut connection = connection.lock().await;
    connection.send(id).await
}
