use std::time::Duration;

use tokio::time::{Instant, sleep};

// ANCHOR: main
#[tokio::main]
async fn main() {
    let start = Instant::now();
    let stamp = move || start.elapsed().as_millis();
    let ok = tokio::spawn(async move {
        sleep(Duration::from_millis(100)).await;
        println!("[{:4} ms] ok: returns Ok", stamp());
        Ok::<u32, String>(42)
    });
    let err = tokio::spawn(async move {
        sleep(Duration::from_millis(100)).await;
        println!("[{:4} ms] err: returns Err", stamp());
        Err::<u32, String>("no such user".into())
    });
    let panics = tokio::spawn(async move {
        sleep(Duration::from_millis(50)).await;
        println!("[{:4} ms] panics: about to panic", stamp());
        panic!("index out of range");
    });

    for (name, handle) in [("ok", ok), ("err", err), ("panics", panics)] {
        // handle.await: Result<Result<u32, String>, JoinError>
        match handle.await {
            Ok(Ok(n)) => println!("{name}: finished with Ok({n})"),
            Ok(Err(e)) => println!("{name}: finished with Err({e:?})"),
            Err(join_error) if join_error.is_panic() => {
                let payload = join_error.into_panic();
                let message = payload.downcast_ref::<&str>().unwrap_or(&"(not text)");
                println!("{name}: panicked with {message:?}");
            }
            Err(join_error) => println!("{name}: cancelled ({join_error})"),
        }
    }
    println!("all done in {} ms", stamp());
}
// ANCHOR_END: main
