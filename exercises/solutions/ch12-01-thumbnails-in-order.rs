use rayon::prelude::*;

/// Makes the thumbnails on rayon's threads, and returns them in order.
fn thumbnails(images: &[u32]) -> Vec<String> {
    // A slice's parallel iterator is indexed: `collect` writes each
    // thumbnail at its image's place, whichever thread made it and
    // whenever it finished. No lock, and the order of `images`.
    images.par_iter().map(|&image| thumbnail(image)).collect()
}
