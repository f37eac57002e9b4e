use std::time::{Duration, Instant};

use tokio::time::sleep;

fn ms(start: Instant) -> u128 {
    start.elapsed().as_millis()
}

// ANCHOR: close
/// A connection that must say goodbye to its server before it goes, which
/// takes a round trip: an `.await`.
struct Connection {
    name: &'static str,
    start: Instant,
}

impl Connection {
    /// Says goodbye, then is gone. Taking `self` means no one can use the
    /// connection after it.
    async fn close(self) {
        println!("[{:4} ms] {} goodbye starts", ms(self.start), self.name);
        sleep(Duration::from_millis(50)).await; // the round trip
        println!("[{:4} ms] {} goodbye ends", ms(self.start), self.name);
    }
}
// ANCHOR_END: close

// ANCHOR: guard
/// Closes its connection when dropped. `Drop` cannot `.await`, so it hands
/// the goodbye to a new task, and returns before the goodbye is said.
struct Session(Option<Connection>);

impl Drop for Session {
    fn drop(&mut self) {
        if let Some(connection) = self.0.take() {
            // `tokio::spawn` would panic outside a runtime; this does not.
            if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                runtime.spawn(connection.close());
            }
        }
    }
}
// ANCHOR_END: guard

// ANCHOR: main
fn main() {
    let start = Instant::now();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let conn1 = Connection {
            name: "conn 1",
            start,
        };
        conn1.close().await; // the goodbye is said when this returns
        println!("[{:4} ms] main: conn 1 closed", ms(start));

        let session2 = Session(Some(Connection {
            name: "conn 2",
            start,
        }));
        drop(session2); // the goodbye is only spawned
        println!("[{:4} ms] main: session 2 dropped", ms(start));
        sleep(Duration::from_millis(100)).await; // the runtime runs on
    });
    runtime.block_on(async {
        let session3 = Session(Some(Connection {
            name: "conn 3",
            start,
        }));
        drop(session3);
        println!("[{:4} ms] main: session 3 dropped", ms(start));
    });
    drop(runtime); // drops every task it still has, conn 3's goodbye too
    println!("all done in {} ms", ms(start));
}
// ANCHOR_END: main
