// Mistake: without the timeout nothing is cancelled, so nothing is lost,
// but the loop now waits as long as the next part takes, and never does
// its idle work.
// grader: fails idle, saying "the loop must still wait no longer than TICK"
use tokio::sync::mpsc;

async fn read_message(rx: &mut mpsc::Receiver<u32>) -> Option<[u32; 2]> {
    let first = rx.recv().await?;
    let second = rx.recv().await?;
    Some([first, second])
}

async fn receive_all(mut rx: mpsc::Receiver<u32>) -> Vec<[u32; 2]> {
    let mut messages = Vec::new();
    while let Some(message) = read_message(&mut rx).await {
        messages.push(message);
    }
    messages
}
