// Mistake: a `select!` between the read and a timer is the same race as
// `timeout`, and drops the read, with the part it holds, in the same way.
// grader: fails no lost message, saying "is dropped with it"
use tokio::sync::mpsc;

async fn read_message(rx: &mut mpsc::Receiver<u32>) -> Option<[u32; 2]> {
    let first = rx.recv().await?;
    let second = rx.recv().await?;
    Some([first, second])
}

async fn receive_all(mut rx: mpsc::Receiver<u32>) -> Vec<[u32; 2]> {
    let mut messages = Vec::new();
    loop {
        tokio::select! {
            message = read_message(&mut rx) => match message {
                Some(message) => messages.push(message),
                None => break,
            },
            _ = tokio::time::sleep(TICK) => idle(),
        }
    }
    messages
}
