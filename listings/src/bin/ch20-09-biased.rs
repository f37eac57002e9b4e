// ANCHOR: main
/// Two branches that are both ready at once, `ROUNDS` times: which wins?
async fn race(biased: bool) -> [u32; 2] {
    let mut wins = [0, 0];
    for _ in 0..ROUNDS {
        let winner = if biased {
            tokio::select! {
                biased; // poll the branches in the order written
                _ = async {} => 0,
                _ = async {} => 1,
            }
        } else {
            tokio::select! { // poll them in a random order
                _ = async {} => 0,
                _ = async {} => 1,
            }
        };
        wins[winner] += 1;
    }
    wins
}

const ROUNDS: u32 = 1000;

#[tokio::main]
async fn main() {
    let [first, second] = race(false).await;
    println!("random order: first branch {first}, second branch {second}");
    let [first, second] = race(true).await;
    println!("biased:       first branch {first}, second branch {second}");
}
// ANCHOR_END: main
