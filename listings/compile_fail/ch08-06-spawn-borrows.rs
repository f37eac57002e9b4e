#[tokio::main]
async fn main() {
    let names = vec!["a", "b", "c"];
    // ANCHOR: spawn
    let handle = tokio::spawn(async {
        println!("{} names", names.len());
    });
    // ANCHOR_END: spawn
    handle.await.unwrap();
}
