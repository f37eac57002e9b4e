// Mistake: the images are spread over the threads, but each thread pushes
// its thumbnail into one shared `Vec` behind a `Mutex`. Every thumbnail is
// there, in the order the threads finished them: the slow first image comes
// last. (And every push waits for the lock.) `collect` keeps the order.
// grader: fails results, saying "in the order they finished in"
use std::sync::Mutex;

use rayon::prelude::*;

fn thumbnails(images: &[u32]) -> Vec<String> {
    let thumbs = Mutex::new(Vec::new());
    images.par_iter().for_each(|&image| {
        let thumb = thumbnail(image);
        thumbs.lock().unwrap().push(thumb);
    });
    thumbs.into_inner().unwrap()
}
