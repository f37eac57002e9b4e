// Mistake: the queue is closed, but only after the joins. The first join
// waits for a worker that waits in `recv` for a job that never comes,
// since the queue is still open: the drop never gets to close it.
// grader: fails no deadlock, saying "because the queue is still open"
impl Drop for ThreadPool {
    fn drop(&mut self) {
        for worker in self.workers.drain(..) {
            worker.join().unwrap();
        }
        drop(self.queue.take());
    }
}
