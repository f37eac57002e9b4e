// ANCHOR: main
/// The sum of a tree of numbers, one child at a time.
async fn sum(tree: &Tree) -> u32 {
    let mut total = tree.value;
    for child in &tree.children {
        total += sum(child).await;
    }
    total
}
// ANCHOR_END: main

struct Tree {
    value: u32,
    children: Vec<Tree>,
}

#[tokio::main]
async fn main() {
    let leaf = Tree { value: 2, children: vec![] };
    let tree = Tree { value: 1, children: vec![leaf] };
    println!("{}", sum(&tree).await);
}
